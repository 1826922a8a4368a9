package io.xsen.orchestrator.access;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;

/**
 * Checks a customer's bearer token against the database in one indexed query (token hash
 * to token and the customer's subscription) and tells who is calling with which tier.
 */
@Component
class CustomerTokenIntrospector implements OpaqueTokenIntrospector {

	// A customer who cancelled and subscribed again has several subscriptions: the one
	// that grants access counts, else the newest.
	private static final String LOOKUP = """
			SELECT t.id, t.stripe_customer_id, t.created_at, t.expires_at, t.revoked_at,
			       s.email, s.tier, s.status, s.status_event_created, s.current_period_end, s.cancel_at_period_end
			FROM auth_tokens t
			LEFT JOIN LATERAL (
			    SELECT * FROM subscriptions s
			    WHERE s.stripe_customer_id = t.stripe_customer_id
			    ORDER BY CASE s.status WHEN 'active' THEN 0 WHEN 'trialing' THEN 0 WHEN 'past_due' THEN 1 ELSE 2 END,
			             s.created_at DESC
			    LIMIT 1) s ON true
			WHERE t.token_hash = :hash
			""";

	private final JdbcClient jdbc;

	private final SubscriptionAccess access;

	private final TierAuthorities tiers;

	private final Clock clock;

	private final TokenLookupCache cache;

	CustomerTokenIntrospector(JdbcClient jdbc, SubscriptionAccess access, TierAuthorities tiers, Clock clock,
			TokenLookupCache cache) {
		this.jdbc = jdbc;
		this.access = access;
		this.tiers = tiers;
		this.clock = clock;
		this.cache = cache;
	}

	@Override
	public OAuth2AuthenticatedPrincipal introspect(String token) {
		if (!BearerTokens.isWellFormed(token)) {
			throw new BadOpaqueTokenException("The token is malformed");
		}
		byte[] hash = BearerTokens.hash(token);
		TokenRow row = this.cache.lookUp(hash, () -> lookUp(hash));
		if (row == null) {
			throw new BadOpaqueTokenException("The token is unknown");
		}
		if (row.revoked()) {
			throw new BadOpaqueTokenException("The token has been revoked");
		}
		if (!this.clock.instant().isBefore(row.expiresAt())) {
			throw new BadOpaqueTokenException("The token has expired");
		}
		boolean entitled = this.access.grants(row.status(), row.statusSince());
		return new ApiCustomer(row.id(), row.customerId(), row.email(), row.tier(), row.status(),
				row.currentPeriodEnd(), row.cancelAtPeriodEnd(), row.createdAt(), row.expiresAt(), entitled,
				entitled ? this.tiers.of(row.tier()) : List.of());
	}

	private @Nullable TokenRow lookUp(byte[] hash) {
		try {
			return this.jdbc.sql(LOOKUP)
				.param("hash", hash)
				.query((rs, rowNum) -> new TokenRow(rs.getLong("id"), rs.getString("stripe_customer_id"),
						rs.getObject("created_at", OffsetDateTime.class).toInstant(),
						rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
						rs.getObject("revoked_at") != null, rs.getString("email"), rs.getString("tier"),
						rs.getString("status"), instant(rs.getObject("status_event_created", OffsetDateTime.class)),
						instant(rs.getObject("current_period_end", OffsetDateTime.class)),
						rs.getBoolean("cancel_at_period_end")))
				.optional()
				.orElse(null);
		}
		catch (DataAccessException ex) {
			throw new OAuth2IntrospectionException("The token store cannot be reached", ex);
		}
	}

	private static @Nullable Instant instant(@Nullable OffsetDateTime value) {
		return (value != null) ? value.toInstant() : null;
	}

}
