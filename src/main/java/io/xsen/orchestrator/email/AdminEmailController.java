package io.xsen.orchestrator.email;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xsen.orchestrator.ParameterInvalid;
import io.xsen.orchestrator.ProblemException;
import io.xsen.orchestrator.email.OutboxEmails.OutboxEmail;
import io.xsen.orchestrator.email.PrintedEmails.PrintedEmail;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets operators see the outbox by status and send an email again; the admin key guards
 * both. Rows show what was sent to whom, never a link's code; only an email printed in
 * local development shows its text.
 */
@Tag(name = "Emails")
@RestController
class AdminEmailController {

	private static final int LIMIT = 200;

	private final OutboxEmails emails;

	private final PrintedEmails printed;

	AdminEmailController(OutboxEmails emails, PrintedEmails printed) {
		this.emails = emails;
		this.printed = printed;
	}

	@Operation(operationId = "listEmails", summary = "List the newest emails of the outbox, by status")
	@GetMapping("/admin/emails")
	EmailList list(@RequestParam(required = false) @Nullable String status) {
		if (status != null && !OutboxEmails.STATUSES.contains(status)) {
			throw new ParameterInvalid("status", "status must be one of failed, unsent, sent");
		}
		return new EmailList(this.emails.newest(status, LIMIT));
	}

	/**
	 * Sends the email again from scratch: a fresh retry window and Message-ID, and a new
	 * link (which replaces the one it carried before).
	 */
	@Operation(operationId = "resendEmail", summary = "Send an email again, with a new link")
	@PostMapping("/admin/emails/{id}/resend")
	@ResponseStatus(HttpStatus.ACCEPTED)
	OutboxEmail resend(@PathVariable long id) {
		return this.emails.resend(id)
			.orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "email_not_found", "No email with id " + id));
	}

	/**
	 * An email as this instance printed it in local development (no SMTP host, emails
	 * printed), link included, for an hour; elsewhere 404. {@code bin/xsen demo} follows
	 * the access email's link through it.
	 */
	@Operation(operationId = "getPrintedEmail",
			summary = "Read an email as this instance printed it in local development")
	@GetMapping("/admin/emails/{id}/printed")
	PrintedEmail printed(@PathVariable long id) {
		return this.printed.find(id)
			.orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "email_not_printed",
					"Email " + id + " was not printed by this instance in the last hour; emails are printed only in"
							+ " local development without SMTP_HOST"));
	}

	/** The newest emails first, at most 200. */
	record EmailList(List<OutboxEmail> emails) {
	}

}
