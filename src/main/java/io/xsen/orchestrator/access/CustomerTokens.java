package io.xsen.orchestrator.access;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import io.xsen.orchestrator.subscription.SubscriptionRenewed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, revokes and extends customers' bearer tokens, keeping at most one live token
 * per customer.
 */
@Service
class CustomerTokens {

	private static final Logger logger = LoggerFactory.getLogger(CustomerTokens.class);

	/** Advisory-lock namespace that serialises issuing per customer. */
	private static final int ISSUE_LOCK_SPACE = 0x7873_656E;

	private final JdbcClient jdbc;

	private final TokenProperties properties;

	private final Clock clock;

	private final TokenLookupCache cache;

	private final AccessMetrics metrics;

	CustomerTokens(JdbcClient jdbc, TokenProperties properties, Clock clock, TokenLookupCache cache,
			AccessMetrics metrics) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
		this.cache = cache;
		this.metrics = metrics;
	}

	/**
	 * Issues a new token for the customer and revokes the one they held, in one
	 * transaction.
	 */
	@Transactional
	IssuedToken issue(String customerId, TokenChannel via) {
		// Two issues for one customer at once would both find no live token to revoke and
		// collide on the one-live-token index; the lock makes the second wait instead.
		this.jdbc.sql("SELECT pg_advisory_xact_lock(:space, hashtext(:customer))")
			.param("space", ISSUE_LOCK_SPACE)
			.param("customer", customerId)
			.query()
			.listOfRows();
		// PostgreSQL keeps microseconds; the answer shows the expiry exactly as stored.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		this.jdbc.sql("""
				UPDATE auth_tokens SET revoked_at = :now
				WHERE stripe_customer_id = :customer AND revoked_at IS NULL
				""").param("now", utc(now)).param("customer", customerId).update();
		String token = BearerTokens.generate();
		IssuedToken issued = new IssuedToken(token, BearerTokens.supportPrefix(token), now.plus(this.properties.ttl()));
		this.jdbc
			.sql("""
					INSERT INTO auth_tokens (token_hash, token_prefix, stripe_customer_id, issued_via, created_at, expires_at)
					VALUES (:hash, :prefix, :customer, :via, :now, :expires)
					""")
			.param("hash", BearerTokens.hash(token))
			.param("prefix", issued.prefix())
			.param("customer", customerId)
			.param("via", via.column())
			.param("now", utc(now))
			.param("expires", utc(issued.expiresAt()))
			.update();
		this.cache.customerChangedAfterCommit(customerId);
		logger.info("Issued token {}... for customer {} via {}", issued.prefix(), customerId, via.column());
		this.metrics.issued(via);
		return issued;
	}

	void revoke(long tokenId) {
		this.jdbc.sql(
				"UPDATE auth_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL RETURNING stripe_customer_id")
			.param("now", utc(this.clock.instant()))
			.param("id", tokenId)
			.query(String.class)
			.optional()
			.ifPresent(this.cache::customerChangedAfterCommit);
	}

	/**
	 * A renewal payment gives the customer's live token a full lifetime from now, so a
	 * paying customer is never locked out by age; runs in the payment's transaction.
	 */
	@EventListener
	void extendOnRenewal(SubscriptionRenewed renewed) {
		OffsetDateTime expires = utc(this.clock.instant().plus(this.properties.ttl()));
		int extended = this.jdbc.sql("""
				UPDATE auth_tokens SET expires_at = :expires
				WHERE stripe_customer_id = :customer AND revoked_at IS NULL AND expires_at < :expires
				""").param("expires", expires).param("customer", renewed.customerId()).update();
		this.cache.customerChangedAfterCommit(renewed.customerId());
		if (extended > 0) {
			logger.info("Renewal of {} extended customer {}'s token to {}", renewed.subscriptionId(),
					renewed.customerId(), expires);
		}
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
