package io.xsen.orchestrator.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The event inbox table in plain SQL: the primary key on the Stripe event id is what
 * makes every event apply once.
 *
 * <p>
 * Each write is one conditional statement, so the webhook path never reads a row to
 * decide what to write; the caller's transaction, if any, covers it.
 */
@Component
class StripeEventRepository {

	private static final String SUMMARY_COLUMNS = """
			id, type, created, api_version, status, received_at, processed_at, attempts, last_error, ignored_reason""";

	// CAST: a null filter has no type of its own for PostgreSQL to infer.
	private static final String FILTER = """
			WHERE (CAST(:status AS text) IS NULL OR status = :status)
			  AND (CAST(:type AS text) IS NULL OR type = :type)""";

	private final JdbcClient jdbc;

	StripeEventRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a new event as processed, in the transaction that applies it: the row
	 * becomes visible only if the effect commits with it. Returns 0 when the id is known.
	 * A concurrent insert of the same id waits for the first transaction and then does
	 * nothing, so only one delivery goes on to apply it.
	 * @throws io.xsen.orchestrator.billing.StripeObjectUnreadable when the event's
	 * {@code created} is not storable
	 */
	int insertProcessed(VerifiedEvent event) {
		return withEnvelope(event, event.created(),
				"""
						INSERT INTO stripe_events (id, type, created, api_version, livemode, payload, status, processed_at, attempts)
						VALUES (:id, :type, :created, :apiVersion, :livemode, CAST(:payload AS json), 'processed', now(), 1)
						ON CONFLICT (id) DO NOTHING
						""")
			.update();
	}

	/**
	 * Records an event that XSEN does not apply as processed, with the reason, unless it
	 * is processed already (then 0). Its {@code created} may be unstorable or ISO text
	 * that did not parse: it is kept {@code null}, since the event is never ordered
	 * against others.
	 */
	int insertIgnored(VerifiedEvent event, String reason) {
		return withEnvelope(event, event.storedCreated(),
				"""
						INSERT INTO stripe_events (id, type, created, api_version, livemode, payload, status, processed_at, attempts, ignored_reason)
						VALUES (:id, :type, :created, :apiVersion, :livemode, CAST(:payload AS json), 'processed', now(), 1, :reason)
						ON CONFLICT (id) DO UPDATE
						   SET status = 'processed', processed_at = now(), attempts = stripe_events.attempts + 1,
						       last_error = NULL, ignored_reason = EXCLUDED.ignored_reason
						 WHERE stripe_events.status <> 'processed'
						""")
			.param("reason", reason)
			.update();
	}

	/**
	 * Records a new event as pending before XSEN asks Stripe about it, so a copy
	 * delivered to another instance meanwhile waits instead of asking too. Returns 0 when
	 * the id is known.
	 * @throws io.xsen.orchestrator.billing.StripeObjectUnreadable when the event's
	 * {@code created} is not storable
	 */
	int insertPending(VerifiedEvent event) {
		return withEnvelope(event, event.created(), """
				INSERT INTO stripe_events (id, type, created, api_version, livemode, payload, status, attempts)
				VALUES (:id, :type, :created, :apiVersion, :livemode, CAST(:payload AS json), 'pending', 0)
				ON CONFLICT (id) DO NOTHING
				""").update();
	}

	/**
	 * The status of an event, without locking: a processed event stays processed, so this
	 * answers redeliveries without writing.
	 */
	@Nullable String findStatus(String id) {
		return this.jdbc.sql("SELECT status FROM stripe_events WHERE id = :id")
			.param("id", id)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	/**
	 * Locks a known event for the rest of the transaction and tells its status.
	 */
	String lockStatus(String id) {
		return this.jdbc.sql("SELECT status FROM stripe_events WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(String.class)
			.single();
	}

	/**
	 * Marks a known event processed, with the reason it was not applied, or none when it
	 * was.
	 */
	int markProcessed(String id, @Nullable String ignoredReason) {
		return this.jdbc.sql("""
				UPDATE stripe_events
				   SET status = 'processed', processed_at = now(), attempts = attempts + 1, last_error = NULL,
				       ignored_reason = :ignoredReason
				 WHERE id = :id
				""").param("id", id).param("ignoredReason", ignoredReason, Types.VARCHAR).update();
	}

	/**
	 * Keeps a failed attempt (the event itself included) so that operators see it and a
	 * retry or replay can finish it.
	 */
	int recordFailure(VerifiedEvent event, String error) {
		return withEnvelope(event, event.storedCreated(),
				"""
						INSERT INTO stripe_events (id, type, created, api_version, livemode, payload, status, attempts, last_error)
						VALUES (:id, :type, :created, :apiVersion, :livemode, CAST(:payload AS json), 'failed', 1, :error)
						ON CONFLICT (id) DO UPDATE
						   SET status = 'failed', attempts = stripe_events.attempts + 1, last_error = EXCLUDED.last_error
						 WHERE stripe_events.status <> 'processed'
						""")
			.param("error", error)
			.update();
	}

	/**
	 * The inbox for operators, newest first, without payloads; a {@code null} filter
	 * matches every event. Counts only when the page alone cannot tell the total.
	 */
	Page<StripeEventSummary> findSummaries(@Nullable String status, @Nullable String type, Pageable pageable) {
		List<StripeEventSummary> content = this.jdbc
			.sql("SELECT " + SUMMARY_COLUMNS + " FROM stripe_events " + FILTER
					+ " ORDER BY received_at DESC, id DESC LIMIT :limit OFFSET :offset")
			.param("status", status, Types.VARCHAR)
			.param("type", type, Types.VARCHAR)
			.param("limit", pageable.getPageSize())
			.param("offset", pageable.getOffset())
			.query(StripeEventRepository::summary)
			.list();
		return PageableExecutionUtils.getPage(content, pageable,
				() -> this.jdbc.sql("SELECT count(*) FROM stripe_events " + FILTER)
					.param("status", status, Types.VARCHAR)
					.param("type", type, Types.VARCHAR)
					.query(Long.class)
					.single());
	}

	/**
	 * Events whose object names the customer (subscriptions, invoices, checkouts), newest
	 * first.
	 */
	List<StripeEventSummary> findSummariesForCustomer(String customerId, int limit) {
		return this.jdbc
			.sql("SELECT " + SUMMARY_COLUMNS + " FROM stripe_events WHERE xsen_event_customer(payload) = :customer"
					+ " ORDER BY received_at DESC, id DESC LIMIT :limit")
			.param("customer", customerId)
			.param("limit", limit)
			.query(StripeEventRepository::summary)
			.list();
	}

	long countFailed() {
		return this.jdbc.sql("SELECT count(*) FROM stripe_events WHERE status = 'failed'").query(Long.class).single();
	}

	Optional<StripeEventSummary> findSummary(String id) {
		return this.jdbc.sql("SELECT " + SUMMARY_COLUMNS + " FROM stripe_events WHERE id = :id")
			.param("id", id)
			.query(StripeEventRepository::summary)
			.optional();
	}

	/**
	 * The event as Stripe delivered it, for a replay to read again.
	 */
	Optional<String> findPayload(String id) {
		return this.jdbc.sql("SELECT payload FROM stripe_events WHERE id = :id")
			.param("id", id)
			.query(String.class)
			.optional();
	}

	private JdbcClient.StatementSpec withEnvelope(VerifiedEvent event, @Nullable Instant created, String sql) {
		return this.jdbc.sql(sql)
			.param("id", event.id())
			.param("type", event.type())
			.param("created", (created != null) ? created.atOffset(ZoneOffset.UTC) : null,
					Types.TIMESTAMP_WITH_TIMEZONE)
			.param("apiVersion", event.apiVersion(), Types.VARCHAR)
			.param("livemode", event.livemode())
			.param("payload", event.payload());
	}

	private static StripeEventSummary summary(ResultSet rs, int row) throws SQLException {
		return new StripeEventSummary(rs.getString("id"), rs.getString("type"), instant(rs, "created"),
				rs.getString("api_version"), rs.getString("status"),
				rs.getObject("received_at", OffsetDateTime.class).toInstant(), instant(rs, "processed_at"),
				rs.getInt("attempts"), rs.getString("last_error"), rs.getString("ignored_reason"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
