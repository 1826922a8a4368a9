package io.xsen.orchestrator.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import io.xsen.orchestrator.token.BearerTokens;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Guards operator endpoints with {@code Authorization: Bearer <ADMIN_API_KEY>}, compared
 * in constant time; when the key is unset those endpoints answer 404 as if absent.
 *
 * <p>
 * Every operator path belongs in {@link #PATHS}: the security chain authenticates them
 * with the admin key instead of a customer token.
 */
@Component
class AdminAccess {

	private static final Logger logger = LoggerFactory.getLogger(AdminAccess.class);

	// Every Actuator endpoint, and every API description but the public one.
	static final String[] PATHS = { "/admin/**", "/actuator/**", "/v3/api-docs/*", "/v3/api-docs.yaml/*" };

	static final String AUTHORITY = "ADMIN";

	private static final int RECOMMENDED_KEY_LENGTH = 32;

	private final byte @Nullable [] keyHash;

	private final RequestMatcher paths = new OrRequestMatcher(Arrays.stream(PATHS)
		.map(path -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(path))
		.toList());

	AdminAccess(AdminProperties properties) {
		String key = properties.apiKey();
		this.keyHash = StringUtils.hasText(key) ? sha256(key) : null;
		if (this.keyHash == null) {
			logger.warn("The operator console (/console) and operator API (/admin) are off: ADMIN_API_KEY is not set. "
					+ "Set it to a long random key (openssl rand -hex 32) and restart to turn them on");
		}
		if (key != null && StringUtils.hasText(key) && key.length() < RECOMMENDED_KEY_LENGTH) {
			logger.warn("ADMIN_API_KEY is shorter than {} characters; use a long random key (openssl rand -hex 32)",
					RECOMMENDED_KEY_LENGTH);
		}
	}

	boolean covers(HttpServletRequest request) {
		return this.paths.matches(request);
	}

	/**
	 * Whether the request is for an operator endpoint while none are enabled.
	 */
	boolean isDisabledFor(HttpServletRequest request) {
		return this.keyHash == null && covers(request);
	}

	boolean isEnabled() {
		return this.keyHash != null;
	}

	/**
	 * Whether {@code presented} is the admin key.
	 */
	boolean accepts(String presented) {
		// Comparing fixed-length digests takes the same time whatever the key and the
		// guess.
		return this.keyHash != null && MessageDigest.isEqual(this.keyHash, sha256(presented));
	}

	AuthenticationManager authenticationManager() {
		return authentication -> {
			String presented = ((BearerTokenAuthenticationToken) authentication).getToken();
			if (!accepts(presented)) {
				throw new InvalidBearerTokenException("The admin key is not valid");
			}
			return UsernamePasswordAuthenticationToken.authenticated("operator", null,
					AuthorityUtils.createAuthorityList(AUTHORITY));
		};
	}

	private static byte[] sha256(String value) {
		return BearerTokens.hash(value);
	}

}
