package io.xsen.orchestrator.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.xsen.orchestrator.subscription.CustomerSubscription;
import io.xsen.orchestrator.subscription.SubscriptionQueries;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds the token behind a bearer value with every subscription of its customer: from the
 * token cache while it is current, else in one indexed query.
 */
@Component
public class TokenLookup {

	// A customer who cancelled and subscribed again, or holds two subscriptions, has
	// several rows: SubscriptionAccess picks the one that counts at request time.
	private static final String LOOKUP = """
			SELECT t.id, t.stripe_customer_id, t.created_at, t.expires_at, t.revoked_at, %s
			FROM auth_tokens t
			%s
			WHERE t.token_hash = :hash
			""".formatted(SubscriptionQueries.COLUMNS, SubscriptionQueries.joinOnCustomer("t.stripe_customer_id"));

	private final JdbcClient jdbc;

	private final TokenLookupCache cache;

	TokenLookup(JdbcClient jdbc, TokenLookupCache cache) {
		this.jdbc = jdbc;
		this.cache = cache;
	}

	/**
	 * The token's row, {@code null} when no token has this value; revoked and expired
	 * tokens are found too, for the caller to refuse.
	 * @param token a well-formed token ({@link BearerTokens#isWellFormed})
	 * @throws org.springframework.dao.DataAccessException when the database cannot answer
	 */
	public @Nullable TokenRow find(String token) {
		byte[] hash = BearerTokens.hash(token);
		return this.cache.lookUp(hash, () -> lookUp(hash));
	}

	private @Nullable TokenRow lookUp(byte[] hash) {
		return this.jdbc.sql(LOOKUP)
			.param("hash", hash)
			.query((ResultSet rs) -> Optional.ofNullable(tokenRow(rs)))
			.orElse(null);
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
			CustomerSubscription subscription = SubscriptionQueries.read(rs, customerId);
			if (subscription != null) {
				subscriptions.add(subscription);
			}
		}
		while (rs.next());
		return new TokenRow(id, customerId, createdAt, expiresAt, revoked, List.copyOf(subscriptions));
	}

}
