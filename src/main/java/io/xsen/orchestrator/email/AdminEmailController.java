package io.xsen.orchestrator.email;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import io.xsen.orchestrator.ParameterInvalid;
import io.xsen.orchestrator.ProblemException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets operators see the outbox by status and send an email again; the admin key guards
 * both. Rows show what was sent to whom, never a link's code.
 */
@RestController
class AdminEmailController {

	private static final Set<String> STATUSES = Set.of("unsent", "sent", "failed");

	private static final int LIMIT = 200;

	private static final String COLUMNS = """
			id, kind, status, recipient, stripe_customer_id, stripe_subscription_id, attempts, resends, last_error,
			created_at, next_attempt_at, sent_at""";

	private final JdbcClient jdbc;

	private final EmailProperties properties;

	AdminEmailController(JdbcClient jdbc, EmailProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	@GetMapping("/admin/emails")
	@Transactional(readOnly = true)
	EmailList list(@RequestParam(required = false) @Nullable String status) {
		if (status != null && !STATUSES.contains(status)) {
			throw new ParameterInvalid("status", "status must be one of failed, unsent, sent");
		}
		return new EmailList(this.jdbc.sql("""
				SELECT %s FROM email_outbox
				WHERE CAST(:status AS text) IS NULL OR status = :status
				ORDER BY id DESC
				LIMIT %d
				""".formatted(COLUMNS, LIMIT)).param("status", status).query(AdminEmailController::view).list());
	}

	/**
	 * Sends the email again from scratch: a fresh retry window and Message-ID, and a new
	 * link (which replaces the one it carried before).
	 */
	@PostMapping("/admin/emails/{id}/resend")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Transactional
	EmailView resend(@PathVariable long id) {
		return this.jdbc.sql("""
				UPDATE email_outbox
				SET status = 'unsent', attempts = 0, resends = resends + 1, last_error = NULL, printed_at = NULL,
				    sent_at = NULL, next_attempt_at = now(), retry_until = now() + :retryFor * interval '1 second'
				WHERE id = :id
				RETURNING %s
				""".formatted(COLUMNS))
			.param("retryFor", this.properties.retryFor().toSeconds())
			.param("id", id)
			.query(AdminEmailController::view)
			.optional()
			.orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "email_not_found", "No email with id " + id));
	}

	private static EmailView view(ResultSet rs, int row) throws SQLException {
		return new EmailView(rs.getLong("id"), rs.getString("kind"), rs.getString("status"), rs.getString("recipient"),
				rs.getString("stripe_customer_id"), rs.getString("stripe_subscription_id"), rs.getInt("attempts"),
				rs.getInt("resends"), rs.getString("last_error"),
				instant(rs.getObject("created_at", OffsetDateTime.class)),
				instant(rs.getObject("next_attempt_at", OffsetDateTime.class)),
				instant(rs.getObject("sent_at", OffsetDateTime.class)));
	}

	private static @Nullable Instant instant(@Nullable OffsetDateTime value) {
		return (value != null) ? value.toInstant() : null;
	}

	/** The newest emails first, at most 200. */
	record EmailList(List<EmailView> emails) {
	}

	/** One outbox row as an operator reads it. */
	record EmailView(long id, String kind, String status, String recipient, String customerId,
			@Nullable String subscriptionId, int attempts, int resends, @Nullable String lastError,
			@Nullable Instant createdAt, @Nullable Instant nextAttemptAt, @Nullable Instant sentAt) {
	}

}
