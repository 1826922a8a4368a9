package io.xsen.orchestrator.usage;

import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@code Idempotency-Key} values each customer sent in the last 24 hours, each
 * with the request that first sent it and the answer it was served, in PostgreSQL so that
 * every instance answers a retry alike.
 */
@Component
class IdempotencyKeys {

	private final JdbcClient jdbc;

	IdempotencyKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims the key for a request about to be served: a key never sent, or sent more
	 * than 24 hours ago, or claimed more than a minute ago by a request that never
	 * completed (its instance stopped), is this request's.
	 * @return the claim, which completes or releases it; {@code null} when another
	 * request holds the key
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	@Nullable UUID claim(String customerId, String key, String method, String path) {
		return this.jdbc.sql("""
				INSERT INTO idempotency_keys AS k (stripe_customer_id, idempotency_key, request_method, request_path)
				VALUES (:customer, :key, :method, :path)
				ON CONFLICT (stripe_customer_id, idempotency_key) DO UPDATE
				   SET request_method = excluded.request_method, request_path = excluded.request_path,
				       claim = gen_random_uuid(), first_seen_at = now(), completed_at = NULL, response_status = NULL,
				       response_type = NULL, response_body = NULL, rate_limit = NULL, rate_limit_policy = NULL
				 WHERE k.first_seen_at < now() - interval '24 hours'
				    OR (k.completed_at IS NULL AND k.first_seen_at < now() - interval '1 minute')
				RETURNING claim
				""")
			.param("customer", customerId)
			.param("key", key)
			.param("method", method)
			.param("path", path)
			.query(UUID.class)
			.optional()
			.orElse(null);
	}

	/**
	 * The request that holds the key, as a request that could not claim it finds it.
	 * @return the request, empty when its claim was released meanwhile
	 */
	Optional<Holder> holder(String customerId, String key) {
		return this.jdbc.sql("""
				SELECT request_method, request_path, completed_at IS NOT NULL AS completed, response_status,
				       response_type, response_body, rate_limit, rate_limit_policy
				FROM idempotency_keys
				WHERE stripe_customer_id = :customer AND idempotency_key = :key
				""").param("customer", customerId).param("key", key).query((row, number) -> {
			Answer answer = row.getBoolean("completed") ? new Answer(row.getInt("response_status"),
					row.getString("response_type"), row.getBytes("response_body"), row.getString("rate_limit"),
					row.getString("rate_limit_policy")) : null;
			return new Holder(row.getString("request_method"), row.getString("request_path"), answer);
		}).optional();
	}

	/**
	 * Stores the answer the claiming request was served; a claim taken over meanwhile
	 * stores nothing.
	 */
	void complete(String customerId, String key, UUID claim, Answer answer) {
		this.jdbc.sql("""
				UPDATE idempotency_keys
				   SET completed_at = now(), response_status = :status, response_type = :type, response_body = :body,
				       rate_limit = :rateLimit, rate_limit_policy = :rateLimitPolicy
				 WHERE stripe_customer_id = :customer AND idempotency_key = :key AND claim = :claim
				""")
			.param("customer", customerId)
			.param("key", key)
			.param("claim", claim)
			.param("status", answer.status())
			.param("type", answer.contentType())
			.param("body", answer.body())
			.param("rateLimit", answer.rateLimit())
			.param("rateLimitPolicy", answer.rateLimitPolicy())
			.update();
	}

	/**
	 * Deletes the claim of a request that was refused or failed, so that the key's next
	 * request is a new attempt.
	 */
	void release(String customerId, String key, UUID claim) {
		this.jdbc.sql("""
				DELETE FROM idempotency_keys
				WHERE stripe_customer_id = :customer AND idempotency_key = :key AND claim = :claim
				""").param("customer", customerId).param("key", key).param("claim", claim).update();
	}

	/**
	 * Deletes the keys older than 24 hours.
	 * @return how many were deleted
	 */
	int deleteExpired() {
		return this.jdbc.sql("DELETE FROM idempotency_keys WHERE first_seen_at < now() - interval '24 hours'").update();
	}

	/**
	 * The request holding a key: its method and path, and its answer once it was served.
	 */
	record Holder(String method, String path, @Nullable Answer answer) {
	}

	/**
	 * A served answer as a retry gets it again: status, body and RateLimit fields.
	 */
	record Answer(int status, @Nullable String contentType, byte[] body, @Nullable String rateLimit,
			@Nullable String rateLimitPolicy) {
	}

}
