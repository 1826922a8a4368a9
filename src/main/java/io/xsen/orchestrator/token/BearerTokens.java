package io.xsen.orchestrator.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The shape of XSEN bearer tokens: {@code xsen_} and 256 random bits, URL-safe, kept only
 * as their SHA-256.
 */
public final class BearerTokens {

	public static final String PREFIX = "xsen_";

	private static final int RANDOM_BYTES = 32;

	/** 32 bytes in unpadded base64url. */
	private static final int LENGTH = PREFIX.length() + 43;

	/** Enough to tell tokens apart in support, far too little to guess one. */
	private static final int SUPPORT_PREFIX_LENGTH = PREFIX.length() + 6;

	private static final SecureRandom random = new SecureRandom();

	private static final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

	private BearerTokens() {
	}

	static String generate() {
		byte[] bytes = new byte[RANDOM_BYTES];
		random.nextBytes(bytes);
		return PREFIX + encoder.encodeToString(bytes);
	}

	public static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	/**
	 * Whether the text could be a token we issued; anything else is refused without a
	 * database lookup.
	 */
	public static boolean isWellFormed(String token) {
		if (token.length() != LENGTH || !token.startsWith(PREFIX)) {
			return false;
		}
		for (int i = PREFIX.length(); i < LENGTH; i++) {
			char c = token.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
				return false;
			}
		}
		return true;
	}

	public static String supportPrefix(String token) {
		return token.substring(0, SUPPORT_PREFIX_LENGTH);
	}

}
