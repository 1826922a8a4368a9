package io.xsen.orchestrator.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
 * to token and the customer's subscriptions) and tells who is calling with which tier.
 */
@Component
class CustomerTokenIntrospector implements OpaqueTokenIntrospector {

	// A customer who cancelled and subscribed again, or holds two subscriptions, has
	// several rows: SubscriptionAccess picks the one that counts at request time.
	private static final String LOOKUP = """
			SELECT t.id, t.stripe_customer_id, t.created_at, t.expires_at, t.revoked_at,
			       s.email, s.tier, s.status, s.past_due_since, s.current_period_end, s.cancel_at_period_end,
			       s.created_at AS subscription_created_at
			FROM auth_tokens t
			LEFT JOIN subscriptions s ON s.stripe_customer_id = t.stripe_customer_id
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
		CustomerSubscription subscription = this.access.best(row.subscriptions());
		boolean entitled = this.access.grants(subscription);
		if (subscription == null) {
			return new ApiCustomer(row.id(), row.customerId(), null, null, null, null, false, row.createdAt(),
					row.expiresAt(), false, List.of());
		}
		return new ApiCustomer(row.id(), row.customerId(), subscription.email(), subscription.tier(),
				subscription.status(), subscription.currentPeriodEnd(), subscription.cancelAtPeriodEnd(),
				row.createdAt(), row.expiresAt(), entitled, entitled ? this.tiers.of(subscription.tier()) : List.of());
	}

	private @Nullable TokenRow lookUp(byte[] hash) {
		try {
			return this.jdbc.sql(LOOKUP)
				.param("hash", hash)
				.query((ResultSet rs) -> Optional.ofNullable(tokenRow(rs)))
				.orElse(null);
		}
		catch (DataAccessException ex) {
			throw new OAuth2IntrospectionException("The token store cannot be reached", ex);
		}
	}

	private static @Nullable TokenRow tokenRow(ResultSet rs) throws SQLException {
		if (!rs.next()) {
			return null;
		}
		long id = rs.getLong("id");
		String customerId = rs.getString("stripe_customer_id");
		Instant createdAt = rs.getObject("created_at", OffsetDateTime.class).toInstant();
		Instant expiresAt = rs.getObject("expires_at", OffsetDateTime.class).toInstant();
		boolean revoked = rs.getObject("revoked_at") != null;
		List<CustomerSubscription> subscriptions = new ArrayList<>();
		do {
			String status = rs.getString("status");
			if (status != null) {
				subscriptions.add(new CustomerSubscription(rs.getString("email"), rs.getString("tier"), status,
						instant(rs.getObject("past_due_since", OffsetDateTime.class)),
						instant(rs.getObject("current_period_end", OffsetDateTime.class)),
						rs.getBoolean("cancel_at_period_end"),
						rs.getObject("subscription_created_at", OffsetDateTime.class).toInstant()));
			}
		}
		while (rs.next());
		return new TokenRow(id, customerId, createdAt, expiresAt, revoked, List.copyOf(subscriptions));
	}

	private static @Nullable Instant instant(@Nullable OffsetDateTime value) {
		return (value != null) ? value.toInstant() : null;
	}

}
