package io.xsen.orchestrator.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The codes of the links in emails: 192 random bits each, kept only as SHA-256 hashes
 * with the address they were sent to, valid for {@code XSEN_ACCESS_LINK_TTL} and only
 * while that address is still the customer's; an access code is spent by its first use
 * and revoked by the customer's next one.
 */
@Component
class AccessLinks {

	private static final SecureRandom random = new SecureRandom();

	private static final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

	private static final int CODE_BYTES = 24;

	private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{32}");

	private final JdbcClient jdbc;

	private final EmailProperties properties;

	private final Clock clock;

	AccessLinks(JdbcClient jdbc, EmailProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	static String newCode() {
		byte[] bytes = new byte[CODE_BYTES];
		random.nextBytes(bytes);
		return encoder.encodeToString(bytes);
	}

	/** The link's address for the customer, code included. */
	String url(LinkPurpose purpose, String code) {
		return this.properties.publicBaseUrl() + purpose.path() + code;
	}

	/**
	 * Keeps a code that an email to {@code recipient} is carrying; a new access code
	 * revokes the customer's unspent older ones.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void store(String code, LinkPurpose purpose, String customerId, String recipient) {
		Instant now = this.clock.instant();
		if (purpose == LinkPurpose.ACCESS) {
			this.jdbc
				.sql("""
						UPDATE access_links SET revoked_at = :now
						WHERE stripe_customer_id = :customer AND purpose = 'access' AND used_at IS NULL AND revoked_at IS NULL
						""")
				.param("now", utc(now))
				.param("customer", customerId)
				.update();
		}
		this.jdbc.sql("""
				INSERT INTO access_links (code_hash, purpose, stripe_customer_id, recipient, created_at, expires_at)
				VALUES (:hash, :purpose, :customer, :recipient, :now, :expires)
				""")
			.param("hash", hash(code))
			.param("purpose", purpose.column())
			.param("customer", customerId)
			.param("recipient", recipient)
			.param("now", utc(now))
			.param("expires", utc(now.plus(this.properties.accessLinkTtl())))
			.update();
	}

	/**
	 * Where a code stands, without spending it: a link sent to an address the customer
	 * has since left stands as expired.
	 */
	@Transactional(readOnly = true)
	Link find(String code, LinkPurpose purpose) {
		if (!CODE.matcher(code).matches()) {
			return Link.UNKNOWN;
		}
		return this.jdbc.sql("""
				SELECT stripe_customer_id, recipient, expires_at, used_at, revoked_at,
				       xsen_is_customer_email(stripe_customer_id, recipient) AS current_address
				FROM access_links
				WHERE code_hash = :hash AND purpose = :purpose
				""")
			.param("hash", hash(code))
			.param("purpose", purpose.column())
			.query((rs, row) -> Link.of(rs.getString("stripe_customer_id"),
					rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
					rs.getObject("used_at", OffsetDateTime.class), rs.getObject("revoked_at", OffsetDateTime.class),
					this.clock.instant(), rs.getString("recipient"), rs.getBoolean("current_address")))
			.optional()
			.orElse(Link.UNKNOWN);
	}

	/**
	 * Spends an access code, once even when two requests race for it, and only while the
	 * address it went to is still the customer's, checked in the spending statement
	 * itself: a change of address that commits first always wins.
	 * @return the customer the code was for, empty when it was not valid
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Optional<String> spend(String code) {
		if (!CODE.matcher(code).matches()) {
			return Optional.empty();
		}
		OffsetDateTime now = utc(this.clock.instant());
		return this.jdbc.sql("""
				UPDATE access_links SET used_at = :now
				WHERE code_hash = :hash AND purpose = 'access' AND used_at IS NULL AND revoked_at IS NULL
				  AND expires_at > :now AND xsen_is_customer_email(stripe_customer_id, recipient)
				RETURNING stripe_customer_id
				""").param("now", now).param("hash", hash(code)).query(String.class).optional();
	}

	private static byte[] hash(String code) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * A link as its code finds it.
	 *
	 * @param customerId the customer it was made for, {@code null} for an unknown code
	 * @param recipient the address it was sent to, {@code null} for an unknown code or
	 * one sent before XSEN kept the address
	 */
	record Link(State state, @Nullable String customerId, @Nullable String recipient) {

		static final Link UNKNOWN = new Link(State.UNKNOWN, null, null);

		static Link of(String customerId, Instant expiresAt, @Nullable OffsetDateTime usedAt,
				@Nullable OffsetDateTime revokedAt, Instant now, @Nullable String recipient, boolean currentAddress) {
			if (usedAt != null) {
				return new Link(State.USED, customerId, recipient);
			}
			// A link sent to an address the customer has since left stands as expired.
			if (revokedAt != null || !now.isBefore(expiresAt) || !currentAddress) {
				return new Link(State.EXPIRED, customerId, recipient);
			}
			return new Link(State.VALID, customerId, recipient);
		}

	}

	/** Whether a link can still be used. */
	enum State {

		VALID, USED, EXPIRED, UNKNOWN

	}

}
