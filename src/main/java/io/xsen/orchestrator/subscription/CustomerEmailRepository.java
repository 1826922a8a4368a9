package io.xsen.orchestrator.subscription;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Rows of {@code customer_emails}, and the per-customer lock under which a customer's
 * email and subscriptions are written, so that no instance records one from a stale view
 * of the other.
 */
@Repository
class CustomerEmailRepository {

	/** Advisory-lock namespace of what XSEN records about each customer. */
	private static final int CUSTOMER_LOCK_SPACE = 0x7873_6563;

	private static final RowMapper<CustomerEmail> ROWS = (rs, row) -> new CustomerEmail(
			rs.getString("stripe_customer_id"), rs.getString("email"), instant(rs, "state_created"),
			rs.getString("state_source"), rs.getString("last_event_id"), instant(rs, "updated_at"));

	private final JdbcClient jdbc;

	CustomerEmailRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Waits for any other transaction recording something about the customer, and makes
	 * later ones wait until this transaction ends. A statement of its own: a statement
	 * reads as of its start, before it waited, so only the next one sees what the
	 * transaction it waited for committed.
	 */
	void lockCustomer(String customerId) {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(:space, hashtext(:customer))")
			.param("space", CUSTOMER_LOCK_SPACE)
			.param("customer", customerId)
			.query()
			.listOfRows();
	}

	Optional<CustomerEmail> find(String customerId) {
		return this.jdbc.sql("""
				SELECT stripe_customer_id, email, state_created, state_source, last_event_id, updated_at
				FROM customer_emails WHERE stripe_customer_id = :customer
				""").param("customer", customerId).query(ROWS).optional();
	}

	/** Stores the customer's email, the first one heard or one replacing it. */
	void save(CustomerEmail email) {
		this.jdbc.sql("""
				INSERT INTO customer_emails (stripe_customer_id, email, state_created, state_source, last_event_id,
				                             updated_at)
				VALUES (:customer, :email, :stateCreated, :stateSource, :lastEventId, :updatedAt)
				ON CONFLICT (stripe_customer_id) DO UPDATE
				SET email = EXCLUDED.email, state_created = EXCLUDED.state_created,
				    state_source = EXCLUDED.state_source, last_event_id = EXCLUDED.last_event_id,
				    updated_at = EXCLUDED.updated_at
				""").paramSource(params(email)).update();
	}

	/**
	 * Where emails about the subscription go now: the address Stripe holds for its
	 * customer once XSEN has heard it, before that the subscription's own; empty when
	 * there is none, or no such subscription.
	 */
	Optional<String> currentEmail(String subscriptionId) {
		return this.jdbc.sql("""
				SELECT CASE WHEN c.stripe_customer_id IS NULL THEN s.email ELSE c.email END AS email
				FROM subscriptions s LEFT JOIN customer_emails c ON c.stripe_customer_id = s.stripe_customer_id
				WHERE s.stripe_subscription_id = :subscription
				""").param("subscription", subscriptionId).query(String.class).optional();
	}

	private static MapSqlParameterSource params(CustomerEmail email) {
		return new MapSqlParameterSource().addValue("customer", email.customerId())
			.addValue("email", email.email(), Types.VARCHAR)
			.addValue("stateCreated", utc(email.stateCreated()), Types.TIMESTAMP_WITH_TIMEZONE)
			.addValue("stateSource", email.stateSource())
			.addValue("lastEventId", email.lastEventId(), Types.VARCHAR)
			.addValue("updatedAt", utc(email.updatedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
