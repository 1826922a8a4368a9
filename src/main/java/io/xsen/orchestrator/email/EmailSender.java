package io.xsen.orchestrator.email;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

import io.xsen.orchestrator.email.EmailTemplates.RenderedEmail;
import io.xsen.orchestrator.email.PrintedEmails.PrintedEmail;
import io.xsen.orchestrator.subscription.SubscriptionLedger;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * Delivers the outbox: each due email is claimed with {@code FOR UPDATE SKIP LOCKED}, so
 * one instance sends it, to the customer's address as it stands then, and marked
 * {@code sent} in the same transaction; an SMTP failure is retried with doubling backoff
 * until the email's retry window closes, then it is {@code failed}. Without an SMTP host
 * emails stay {@code unsent}, printed once to the log in local development.
 */
@Component
class EmailSender {

	private static final Logger logger = LoggerFactory.getLogger(EmailSender.class);

	private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {
	};

	private static final int BATCH = 20;

	private static final int MAX_ERROR_LENGTH = 500;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final EmailTemplates templates;

	private final AccessLinks links;

	private final PrintedEmails printed;

	private final JsonMapper json;

	private final EmailProperties properties;

	private final SubscriptionLedger ledger;

	private final Clock clock;

	private final @Nullable JavaMailSenderImpl mail;

	EmailSender(JdbcClient jdbc, PlatformTransactionManager transactions, EmailTemplates templates, AccessLinks links,
			PrintedEmails printed, JsonMapper json, EmailProperties properties, SmtpProperties smtp,
			SubscriptionLedger ledger, Clock clock) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.templates = templates;
		this.links = links;
		this.printed = printed;
		this.json = json;
		this.properties = properties;
		this.ledger = ledger;
		this.clock = clock;
		this.mail = smtp.sender();
		if (this.mail != null && !StringUtils.hasText(properties.from())) {
			throw new IllegalStateException(
					"MAIL_FROM is required when SMTP_HOST is set, e.g. 'XSEN <no-reply@example.com>'");
		}
		if (this.mail == null) {
			logger.info("SMTP_HOST is not set: emails stay in the outbox as unsent{}",
					properties.console() ? " and are printed here" : "");
		}
	}

	/**
	 * Delivers what is due now, a batch at a time; a database outage waits for the next
	 * run.
	 */
	void deliverDue() {
		try {
			// One email per transaction, so a slow SMTP server holds one row at a time.
			int delivered = 0;
			while (delivered < BATCH && deliverNext()) {
				delivered++;
			}
		}
		catch (DataAccessException ex) {
			logger.warn("Email outbox unavailable, delivery waits for the next run: {}", ex.getMessage());
		}
	}

	private boolean deliverNext() {
		return Boolean.TRUE.equals(this.transaction.execute(status -> claim().map(email -> {
			deliver(email);
			return true;
		}).orElse(false)));
	}

	private Optional<Queued> claim() {
		// Without SMTP each email is printed once and then kept.
		String unprinted = (this.mail != null) ? "" : " AND printed_at IS NULL";
		return this.jdbc.sql("""
				SELECT id, kind, stripe_customer_id, stripe_subscription_id, recipient, details::text AS details,
				       attempts, resends, retry_until
				FROM email_outbox
				WHERE status = 'unsent' AND next_attempt_at <= :now%s
				ORDER BY next_attempt_at, id
				LIMIT 1
				FOR UPDATE SKIP LOCKED
				""".formatted(unprinted))
			.param("now", EmailOutbox.utc(this.clock.instant()))
			.query((rs, row) -> new Queued(rs.getLong("id"), EmailKind.of(rs.getString("kind")).orElseThrow(),
					rs.getString("stripe_customer_id"), rs.getString("stripe_subscription_id"),
					rs.getString("recipient"), this.json.readValue(rs.getString("details"), DETAILS),
					rs.getInt("attempts"), rs.getInt("resends"),
					rs.getObject("retry_until", OffsetDateTime.class).toInstant()))
			.optional();
	}

	private void deliver(Queued queued) {
		Queued email = toCurrentAddress(queued);
		if (email == null) {
			return;
		}
		LinkPurpose purpose = email.kind().link();
		String code = (purpose != null) ? AccessLinks.newCode() : null;
		String link = (purpose != null && code != null) ? this.links.url(purpose, code) : null;
		RenderedEmail rendered = this.templates.render(email.kind(), email.details(), link);
		JavaMailSenderImpl sender = this.mail;
		if (sender == null) {
			keepUnsent(email, rendered, purpose, code);
			return;
		}
		try {
			sender.send(message(sender.getSession(), email, rendered));
		}
		catch (MailException | MessagingException ex) {
			failed(email, ex);
			return;
		}
		// Kept only once the email carrying it left, so a failed attempt revokes no
		// older link.
		if (purpose != null && code != null) {
			this.links.store(code, purpose, email.customerId(), email.recipient());
		}
		this.jdbc.sql("""
				UPDATE email_outbox SET status = 'sent', sent_at = :now, attempts = attempts + 1, last_error = NULL
				WHERE id = :id
				""").param("now", EmailOutbox.utc(this.clock.instant())).param("id", email.id()).update();
		logger.info("Sent {} email {} for customer {}", email.kind().column(), email.id(), email.customerId());
	}

	// A customer who changed their address in Stripe since the email was queued gets it
	// at the new one, and one who has none left gets nothing; the row says where it went.
	private @Nullable Queued toCurrentAddress(Queued email) {
		String subscriptionId = email.subscriptionId();
		if (subscriptionId == null) {
			return email;
		}
		String current = this.ledger.currentEmail(subscriptionId).orElse(null);
		if (email.recipient().equalsIgnoreCase(current)) {
			return email;
		}
		if (current == null) {
			this.jdbc.sql("""
					UPDATE email_outbox SET status = 'failed', last_error = :error, attempts = attempts + 1
					WHERE id = :id
					""")
				.param("error", "The customer has no email address in Stripe any more")
				.param("id", email.id())
				.update();
			logger.warn("Email {} ({}) for customer {} not sent: the customer has no email address in Stripe any more",
					email.id(), email.kind().column(), email.customerId());
			return null;
		}
		this.jdbc.sql("UPDATE email_outbox SET recipient = :recipient WHERE id = :id")
			.param("recipient", current)
			.param("id", email.id())
			.update();
		return email.to(current);
	}

	private MimeMessage message(Session session, Queued email, RenderedEmail rendered) throws MessagingException {
		MimeMessage message = new StableIdMessage(session,
				"<xsen-email-" + email.id() + "-" + email.resends() + "@" + this.properties.fromDomain() + ">");
		MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED,
				"UTF-8");
		helper.setFrom(this.properties.sender());
		helper.setTo(email.recipient());
		helper.setSubject(rendered.subject());
		helper.setText(rendered.text(), rendered.html());
		return message;
	}

	private void keepUnsent(Queued email, RenderedEmail rendered, @Nullable LinkPurpose purpose,
			@Nullable String code) {
		if (this.properties.console()) {
			if (purpose != null && code != null) {
				this.links.store(code, purpose, email.customerId(), email.recipient());
			}
			logger.info("Email {} not sent (SMTP_HOST is not set), kept as unsent:\nTo: {}\nSubject: {}\n\n{}",
					email.id(), email.recipient(), rendered.subject(), rendered.text());
			this.printed.add(new PrintedEmail(email.id(), email.recipient(), rendered.subject(), rendered.text()));
		}
		else {
			logger.warn("Email {} ({}) for customer {} kept as unsent: SMTP_HOST is not set", email.id(),
					email.kind().column(), email.customerId());
		}
		this.jdbc.sql("UPDATE email_outbox SET printed_at = :now WHERE id = :id")
			.param("now", EmailOutbox.utc(this.clock.instant()))
			.param("id", email.id())
			.update();
	}

	private void failed(Queued email, Exception ex) {
		Instant now = this.clock.instant();
		int attempts = email.attempts() + 1;
		Instant next = now.plus(backoff(attempts));
		boolean giveUp = next.isAfter(email.retryUntil());
		String error = String.valueOf(ex.getMessage());
		this.jdbc.sql("""
				UPDATE email_outbox SET attempts = :attempts, last_error = :error, next_attempt_at = :next,
				                        status = :status
				WHERE id = :id
				""")
			.param("attempts", attempts)
			.param("error", (error.length() > MAX_ERROR_LENGTH) ? error.substring(0, MAX_ERROR_LENGTH) : error)
			.param("next", EmailOutbox.utc(next))
			.param("status", giveUp ? "failed" : "unsent")
			.param("id", email.id())
			.update();
		if (giveUp) {
			logger.error("Email {} ({}) for customer {} failed after {} attempts, last: {}", email.id(),
					email.kind().column(), email.customerId(), attempts, error);
		}
		else {
			logger.warn("Email {} ({}) not sent, attempt {} retried at {}: {}", email.id(), email.kind().column(),
					attempts, next, error);
		}
	}

	private Duration backoff(int attempts) {
		Duration backoff = this.properties.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
		return (backoff.compareTo(this.properties.retryBackoffMax()) > 0) ? this.properties.retryBackoffMax() : backoff;
	}

	/** An email due for delivery, as its outbox row holds it. */
	private record Queued(long id, EmailKind kind, String customerId, @Nullable String subscriptionId, String recipient,
			Map<String, String> details, int attempts, int resends, Instant retryUntil) {

		Queued to(String address) {
			return new Queued(this.id, this.kind, this.customerId, this.subscriptionId, address, this.details,
					this.attempts, this.resends, this.retryUntil);
		}

	}

	/**
	 * A message whose Message-ID is the outbox row's, not a fresh one per attempt, so a
	 * retry the server already accepted is recognisably the same email.
	 */
	private static final class StableIdMessage extends MimeMessage {

		private final String messageId;

		StableIdMessage(Session session, String messageId) {
			super(session);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", this.messageId);
		}

	}

}
