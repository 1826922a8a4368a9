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
 * Rows of {@code customer_emails}, with the row lock that serialises concurrent facts
 * about one customer's email.
 */
@Repository
class CustomerEmailRepository {

	private static final RowMapper<CustomerEmail> ROWS = (rs, row) -> new CustomerEmail(
			rs.getString("stripe_customer_id"), rs.getString("email"), instant(rs, "state_created"),
			rs.getString("state_source"), rs.getString("last_event_id"), instant(rs, "updated_at"));

	private final JdbcClient jdbc;

	CustomerEmailRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<CustomerEmail> find(String customerId) {
		return this.jdbc.sql("""
				SELECT stripe_customer_id, email, state_created, state_source, last_event_id, updated_at
				FROM customer_emails WHERE stripe_customer_id = :customer
				""").param("customer", customerId).query(ROWS).optional();
	}

	Optional<CustomerEmail> lock(String customerId) {
		return this.jdbc.sql("""
				SELECT stripe_customer_id, email, state_created, state_source, last_event_id, updated_at
				FROM customer_emails WHERE stripe_customer_id = :customer
				FOR UPDATE
				""").param("customer", customerId).query(ROWS).optional();
	}

	/**
	 * Stores the first email heard for the customer; false when a concurrent fact stored
	 * one first.
	 */
	boolean insertIfAbsent(CustomerEmail email) {
		return this.jdbc.sql("""
				INSERT INTO customer_emails (stripe_customer_id, email, state_created, state_source, last_event_id,
				                             updated_at)
				VALUES (:customer, :email, :stateCreated, :stateSource, :lastEventId, :updatedAt)
				ON CONFLICT (stripe_customer_id) DO NOTHING
				""").paramSource(params(email)).update() == 1;
	}

	void update(CustomerEmail email) {
		this.jdbc.sql("""
				UPDATE customer_emails
				SET email = :email, state_created = :stateCreated, state_source = :stateSource,
				    last_event_id = :lastEventId, updated_at = :updatedAt
				WHERE stripe_customer_id = :customer
				""").paramSource(params(email)).update();
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
