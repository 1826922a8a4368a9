package io.xsen.orchestrator.email;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The email outbox as operators read and repair it (the admin API and the console): rows
 * by status or customer, the counts that need attention, and sending an email again.
 */
@Service
public class OutboxEmails {

	/** The statuses an outbox row can have. */
	public static final List<String> STATUSES = List.of("unsent", "sent", "failed");

	private static final String COLUMNS = """
			id, kind, status, recipient, stripe_customer_id, stripe_subscription_id, attempts, resends, last_error,
			created_at, next_attempt_at, sent_at""";

	private static final String BY_STATUS = "WHERE CAST(:status AS text) IS NULL OR status = :status";

	private final JdbcClient jdbc;

	private final EmailProperties properties;

	OutboxEmails(JdbcClient jdbc, EmailProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * The newest emails first, of one status or of all when {@code status} is null.
	 */
	@Transactional(readOnly = true)
	public List<OutboxEmail> newest(@Nullable String status, int limit) {
		return this.jdbc
			.sql("SELECT %s FROM email_outbox %s ORDER BY id DESC LIMIT :limit".formatted(COLUMNS, BY_STATUS))
			.param("status", status)
			.param("limit", limit)
			.query(OutboxEmails::view)
			.list();
	}

	/**
	 * One page of the outbox, newest first, of one status or of all when {@code status}
	 * is null.
	 */
	@Transactional(readOnly = true)
	public Page<OutboxEmail> page(@Nullable String status, Pageable pageable) {
		List<OutboxEmail> content = this.jdbc
			.sql("SELECT %s FROM email_outbox %s ORDER BY id DESC LIMIT :limit OFFSET :offset".formatted(COLUMNS,
					BY_STATUS))
			.param("status", status)
			.param("limit", pageable.getPageSize())
			.param("offset", pageable.getOffset())
			.query(OutboxEmails::view)
			.list();
		long total = this.jdbc.sql("SELECT count(*) FROM email_outbox " + BY_STATUS)
			.param("status", status)
			.query(Long.class)
			.single();
		return new PageImpl<>(content, pageable, total);
	}

	/** The emails queued for one customer, newest first. */
	@Transactional(readOnly = true)
	public List<OutboxEmail> forCustomer(String customerId, int limit) {
		return this.jdbc
			.sql("SELECT %s FROM email_outbox WHERE stripe_customer_id = :customer ORDER BY id DESC LIMIT :limit"
				.formatted(COLUMNS))
			.param("customer", customerId)
			.param("limit", limit)
			.query(OutboxEmails::view)
			.list();
	}

	/** How many emails wait to be sent and how many gave up. */
	@Transactional(readOnly = true)
	public Attention attention() {
		return this.jdbc.sql("""
				SELECT count(*) FILTER (WHERE status = 'unsent') AS unsent,
				       count(*) FILTER (WHERE status = 'failed') AS failed
				FROM email_outbox WHERE status IN ('unsent', 'failed')
				""").query(Attention.class).single();
	}

	/**
	 * Sends the email again from scratch: a fresh retry window and Message-ID, and a new
	 * link (which replaces the one it carried before).
	 * @return the row as queued again, or empty when there is no such email
	 */
	@Transactional
	public Optional<OutboxEmail> resend(long id) {
		return this.jdbc.sql("""
				UPDATE email_outbox
				SET status = 'unsent', attempts = 0, resends = resends + 1, last_error = NULL, printed_at = NULL,
				    sent_at = NULL, next_attempt_at = now(), retry_until = now() + :retryFor * interval '1 second'
				WHERE id = :id
				RETURNING %s
				""".formatted(COLUMNS))
			.param("retryFor", this.properties.retryFor().toSeconds())
			.param("id", id)
			.query(OutboxEmails::view)
			.optional();
	}

	private static OutboxEmail view(ResultSet rs, int row) throws SQLException {
		return new OutboxEmail(rs.getLong("id"), rs.getString("kind"), rs.getString("status"),
				rs.getString("recipient"), rs.getString("stripe_customer_id"), rs.getString("stripe_subscription_id"),
				rs.getInt("attempts"), rs.getInt("resends"), rs.getString("last_error"),
				instant(rs.getObject("created_at", OffsetDateTime.class)),
				instant(rs.getObject("next_attempt_at", OffsetDateTime.class)),
				instant(rs.getObject("sent_at", OffsetDateTime.class)));
	}

	private static @Nullable Instant instant(@Nullable OffsetDateTime value) {
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * One outbox row as an operator reads it: what was sent to whom, never a link's code.
	 */
	public record OutboxEmail(long id, String kind, String status, String recipient, String customerId,
			@Nullable String subscriptionId, int attempts, int resends, @Nullable String lastError,
			@Nullable Instant createdAt, @Nullable Instant nextAttemptAt, @Nullable Instant sentAt) {
	}

	/** The emails that need an operator's eye: waiting to be sent, and given up on. */
	public record Attention(long unsent, long failed) {
	}

}
