package io.xsen.orchestrator.webhook;

import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The event inbox: the primary key on the Stripe event id is what makes every event apply
 * once.
 */
interface StripeEventRepository extends JpaRepository<StripeEventRecord, String> {

	/**
	 * Records a new event as processed, in the transaction that applies it: the row
	 * becomes visible only if the effect commits with it. Returns 0 when the id is known.
	 * A concurrent insert of the same id waits for the first transaction and then does
	 * nothing, so only one delivery goes on to apply it.
	 */
	@Modifying
	@Query(value = """
			INSERT INTO stripe_events (id, type, created, api_version, livemode, payload, status, processed_at, attempts)
			VALUES (:id, :type, :created, :apiVersion, :livemode, CAST(:payload AS json), 'processed', now(), 1)
			ON CONFLICT (id) DO NOTHING
			""",
			nativeQuery = true)
	int insertProcessed(@Param("id") String id, @Param("type") String type, @Param("created") Instant created,
			@Param("apiVersion") @Nullable String apiVersion, @Param("livemode") boolean livemode,
			@Param("payload") String payload);

	/**
	 * Records a new event as pending before XSEN asks Stripe about it, so a copy
	 * delivered to another instance meanwhile waits instead of asking too. Returns 0 when
	 * the id is known.
	 */
	@Modifying
	@Query(value = """
			INSERT INTO stripe_events (id, type, created, api_version, livemode, payload, status, attempts)
			VALUES (:id, :type, :created, :apiVersion, :livemode, CAST(:payload AS json), 'pending', 0)
			ON CONFLICT (id) DO NOTHING
			""", nativeQuery = true)
	int insertPending(@Param("id") String id, @Param("type") String type, @Param("created") Instant created,
			@Param("apiVersion") @Nullable String apiVersion, @Param("livemode") boolean livemode,
			@Param("payload") String payload);

	/**
	 * The status of an event, without locking: a processed event stays processed, so this
	 * answers redeliveries without writing.
	 */
	@Query(value = "SELECT status FROM stripe_events WHERE id = :id", nativeQuery = true)
	@Nullable String findStatus(@Param("id") String id);

	/**
	 * Locks a known event for the rest of the transaction and tells its status.
	 */
	@Query(value = "SELECT status FROM stripe_events WHERE id = :id FOR UPDATE", nativeQuery = true)
	String lockStatus(@Param("id") String id);

	@Modifying
	@Query(value = """
			UPDATE stripe_events
			   SET status = 'processed', processed_at = now(), attempts = attempts + 1, last_error = NULL
			 WHERE id = :id
			""", nativeQuery = true)
	int markProcessed(@Param("id") String id);

	/**
	 * Keeps a failed attempt (the event itself included) so that operators see it and a
	 * retry or replay can finish it.
	 */
	@Modifying
	@Query(value = """
			INSERT INTO stripe_events (id, type, created, api_version, livemode, payload, status, attempts, last_error)
			VALUES (:id, :type, :created, :apiVersion, :livemode, CAST(:payload AS json), 'failed', 1, :error)
			ON CONFLICT (id) DO UPDATE
			   SET status = 'failed', attempts = stripe_events.attempts + 1, last_error = EXCLUDED.last_error
			 WHERE stripe_events.status <> 'processed'
			""", nativeQuery = true)
	int recordFailure(@Param("id") String id, @Param("type") String type, @Param("created") @Nullable Instant created,
			@Param("apiVersion") @Nullable String apiVersion, @Param("livemode") boolean livemode,
			@Param("payload") String payload, @Param("error") String error);

	/**
	 * The inbox for operators, newest first, without payloads; a {@code null} filter
	 * matches every event.
	 */
	@Query(value = """
			SELECT new io.xsen.orchestrator.webhook.StripeEventSummary(e.id, e.type, e.created, e.apiVersion,
			       e.status, e.receivedAt, e.processedAt, e.attempts, e.lastError)
			  FROM StripeEventRecord e
			 WHERE (:status IS NULL OR e.status = :status) AND (:type IS NULL OR e.type = :type)
			 ORDER BY e.receivedAt DESC, e.id DESC
			""", countQuery = """
			SELECT count(e) FROM StripeEventRecord e
			 WHERE (:status IS NULL OR e.status = :status) AND (:type IS NULL OR e.type = :type)
			""")
	Page<StripeEventSummary> findSummaries(@Param("status") @Nullable String status,
			@Param("type") @Nullable String type, Pageable pageable);

	@Query("""
			SELECT new io.xsen.orchestrator.webhook.StripeEventSummary(e.id, e.type, e.created, e.apiVersion,
			       e.status, e.receivedAt, e.processedAt, e.attempts, e.lastError)
			  FROM StripeEventRecord e WHERE e.id = :id
			""")
	Optional<StripeEventSummary> findSummary(@Param("id") String id);

}
