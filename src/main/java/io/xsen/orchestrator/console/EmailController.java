package io.xsen.orchestrator.console;

import java.util.Objects;

import io.xsen.orchestrator.email.OutboxEmails;
import io.xsen.orchestrator.email.OutboxEmails.OutboxEmail;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /console/emails}: the email outbox newest first, filtered by status, and sending
 * an email again once its cause (an address, the SMTP settings) is fixed.
 */
@Controller
class EmailController {

	private static final int PAGE_SIZE = 25;

	private final OutboxEmails emails;

	EmailController(OutboxEmails emails) {
		this.emails = emails;
	}

	@GetMapping("/console/emails")
	String emails(@RequestParam(required = false) @Nullable String status, @RequestParam(defaultValue = "0") int page,
			Model model) {
		String statusFilter = (status != null && OutboxEmails.STATUSES.contains(status)) ? status : null;
		Page<OutboxEmail> found = this.emails.page(statusFilter, PageRequest.of(Math.max(page, 0), PAGE_SIZE));
		model.addAttribute("status", Objects.toString(statusFilter, ""));
		model.addAttribute("statuses", OutboxEmails.STATUSES);
		model.addAttribute("results", found);
		return "console/emails";
	}

	@PostMapping("/console/emails/{id}/resend")
	String resend(@PathVariable long id, @RequestParam(required = false) @Nullable String status,
			RedirectAttributes redirect) {
		this.emails.resend(id)
			.ifPresentOrElse(
					email -> redirect.addFlashAttribute("notice",
							"Email " + id + " (" + email.kind() + " to " + email.recipient()
									+ ") queued again: it goes out with the next delivery."),
					() -> redirect.addFlashAttribute("problem", "No email with id " + id + "."));
		// Back to the list the button was on, filtered as it was; never to another site.
		return (status != null && OutboxEmails.STATUSES.contains(status)) ? "redirect:/console/emails?status=" + status
				: "redirect:/console/emails";
	}

}
