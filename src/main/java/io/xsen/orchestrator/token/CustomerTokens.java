package io.xsen.orchestrator.token;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import io.xsen.orchestrator.subscription.SubscriptionChanged;
import io.xsen.orchestrator.subscription.SubscriptionQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, revokes and extends customers' bearer tokens, keeping at most one live token
 * per customer and each live token valid past the period the customer paid for.
 */
@Service
public class CustomerTokens {

	private static final Logger logger = LoggerFactory.getLogger(CustomerTokens.class);

	/** Advisory-lock namespace that serialises issuing per customer. */
	private static final int ISSUE_LOCK_SPACE = 0x7873_656E;

	/** The end of the customer's paid period plus the grace. */
	private static final String PAID_UNTIL_PLUS_GRACE = SubscriptionQueries.paidUntil("customer")
			+ " + :graceSeconds * interval '1 second'";

	private final JdbcClient jdbc;

	private final TokenProperties properties;

	private final Clock clock;

	private final TokenLookupCache cache;

	private final TokenMetrics metrics;

	CustomerTokens(JdbcClient jdbc, TokenProperties properties, Clock clock, TokenLookupCache cache,
			TokenMetrics metrics) {
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
	public IssuedToken issue(String customerId, TokenChannel via) {
		return issueNow(customerId, via);
	}

	/**
	 * Issues the one token a Checkout Session yields, remembering the session in the same
	 * transaction; a session claimed before (even at this very moment) gets nothing and
	 * changes nothing.
	 * @throws CheckoutSessionAlreadyClaimed when the session already yielded its token
	 */
	@Transactional
	IssuedToken issueForCheckout(String customerId, String checkoutSessionId) {
		// A concurrent claim of the same session waits here for the first to commit, then
		// inserts nothing.
		int remembered = this.jdbc.sql("""
				INSERT INTO checkout_claims (checkout_session_id, stripe_customer_id, claimed_at)
				VALUES (:session, :customer, :now)
				ON CONFLICT (checkout_session_id) DO NOTHING
				""")
			.param("session", checkoutSessionId)
			.param("customer", customerId)
			.param("now", utc(this.clock.instant()))
			.update();
		if (remembered == 0) {
			throw new CheckoutSessionAlreadyClaimed(checkoutSessionId);
		}
		return issueNow(customerId, TokenChannel.CLAIM);
	}

	@Transactional(readOnly = true)
	boolean wasClaimed(String checkoutSessionId) {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM checkout_claims WHERE checkout_session_id = :session)")
			.param("session", checkoutSessionId)
			.query(Boolean.class)
			.single();
	}

	private IssuedToken issueNow(String customerId, TokenChannel via) {
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
		String prefix = BearerTokens.supportPrefix(token);
		// GREATEST ignores the NULL of a customer with no paid period.
		OffsetDateTime expires = this.jdbc
			.sql("""
					INSERT INTO auth_tokens (token_hash, token_prefix, stripe_customer_id, issued_via, created_at, expires_at)
					VALUES (:hash, :prefix, :customer, :via, :now, GREATEST(:ttlExpiry, %s))
					RETURNING expires_at
					"""
				.formatted(PAID_UNTIL_PLUS_GRACE))
			.param("hash", BearerTokens.hash(token))
			.param("prefix", prefix)
			.param("customer", customerId)
			.param("via", via.column())
			.param("now", utc(now))
			.param("ttlExpiry", utc(now.plus(this.properties.ttl())))
			.param("graceSeconds", this.properties.grace().toSeconds())
			.query(OffsetDateTime.class)
			.single();
		IssuedToken issued = new IssuedToken(token, prefix, expires.toInstant());
		this.cache.customerChangedAfterCommit(customerId);
		logger.info("Issued token {}... for customer {} via {}, valid until {}", prefix, customerId, via.column(),
				issued.expiresAt());
		this.metrics.issued(via);
		return issued;
	}

	public void revoke(long tokenId) {
		this.jdbc.sql(
				"UPDATE auth_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL RETURNING stripe_customer_id")
			.param("now", utc(this.clock.instant()))
			.param("id", tokenId)
			.query(String.class)
			.optional()
			.ifPresent(this.cache::customerChangedAfterCommit);
	}

	/**
	 * Revokes the customer's live token, if any, so the API refuses it at once.
	 * @return whether a live token was revoked
	 */
	@Transactional
	public boolean revokeLive(String customerId) {
		int revoked = this.jdbc
			.sql("UPDATE auth_tokens SET revoked_at = :now WHERE stripe_customer_id = :customer AND revoked_at IS NULL")
			.param("now", utc(this.clock.instant()))
			.param("customer", customerId)
			.update();
		if (revoked > 0) {
			this.cache.customerChangedAfterCommit(customerId);
			logger.info("Operator revoked customer {}'s token", customerId);
		}
		return revoked > 0;
	}

	/**
	 * The customer's tokens, newest first, at most {@code limit} of them.
	 */
	@Transactional(readOnly = true)
	public List<TokenSummary> tokensOf(String customerId, int limit) {
		return this.jdbc
			.sql("SELECT token_prefix, issued_via, created_at, expires_at, revoked_at FROM auth_tokens"
					+ " WHERE stripe_customer_id = :customer ORDER BY created_at DESC, id DESC LIMIT :limit")
			.param("customer", customerId)
			.param("limit", limit)
			.query((rs, row) -> new TokenSummary(rs.getString("token_prefix"), rs.getString("issued_via"),
					rs.getObject("created_at", OffsetDateTime.class).toInstant(),
					rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
					Optional.ofNullable(rs.getObject("revoked_at", OffsetDateTime.class))
						.map(OffsetDateTime::toInstant)
						.orElse(null)))
			.list();
	}

	/**
	 * Keeps the customer's live token valid until their paid period's end plus the grace
	 * whenever a recorded subscription's status or period changes (webhook, claim, sync);
	 * only ever extends, and runs in the recording transaction.
	 */
	@EventListener
	void followBillingPeriod(SubscriptionChanged changed) {
		if (!changed.paidPeriodChanged()) {
			return;
		}
		String customerId = changed.customerId();
		int extended = this.jdbc.sql("""
				UPDATE auth_tokens SET expires_at = %1$s
				WHERE stripe_customer_id = :customer AND revoked_at IS NULL AND expires_at < %1$s
				""".formatted(PAID_UNTIL_PLUS_GRACE))
			.param("customer", customerId)
			.param("graceSeconds", this.properties.grace().toSeconds())
			.update();
		// The cache forgets the customer after commit for the SubscriptionChanged itself.
		if (extended > 0) {
			logger.info("Customer {}'s token now runs to the end of their paid period plus {}", customerId,
					this.properties.grace());
		}
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
