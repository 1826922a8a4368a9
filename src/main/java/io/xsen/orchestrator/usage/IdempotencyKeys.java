package io.xsen.orchestrator.usage;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Remembers the {@code Idempotency-Key} values each customer sent in the last 24 hours,
 * so that a chatbot retrying after a timeout is not counted twice.
 */
@Component
class IdempotencyKeys {

	private final JdbcClient jdbc;

	IdempotencyKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the key's use, unless the customer already used it within 24 hours.
	 * @return whether this is the key's first use in 24 hours
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	boolean firstUse(String customerId, String key) {
		return this.jdbc.sql("""
				INSERT INTO idempotency_keys AS k (stripe_customer_id, idempotency_key) VALUES (:customer, :key)
				ON CONFLICT (stripe_customer_id, idempotency_key) DO UPDATE SET first_seen_at = now()
				 WHERE k.first_seen_at < now() - interval '24 hours'
				RETURNING 1
				""").param("customer", customerId).param("key", key).query(Integer.class).optional().isPresent();
	}

	/**
	 * Forgets a key whose request was refused, so that its retry counts.
	 */
	void forget(String customerId, String key) {
		this.jdbc.sql("DELETE FROM idempotency_keys WHERE stripe_customer_id = :customer AND idempotency_key = :key")
			.param("customer", customerId)
			.param("key", key)
			.update();
	}

	/**
	 * Deletes the keys older than 24 hours.
	 * @return how many were deleted
	 */
	int deleteExpired() {
		return this.jdbc.sql("DELETE FROM idempotency_keys WHERE first_seen_at < now() - interval '24 hours'").update();
	}

}
