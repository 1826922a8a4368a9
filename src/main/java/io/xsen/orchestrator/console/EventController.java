package io.xsen.orchestrator.console;

import java.util.List;
import java.util.Objects;

import io.xsen.orchestrator.billing.StripeIds;
import io.xsen.orchestrator.webhook.EventReview;
import io.xsen.orchestrator.webhook.StripeEventSummary;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /console/events}: the webhook inbox newest first, one event with its payload,
 * and the replay of an event once its cause is fixed.
 */
@Controller
class EventController {

	private static final int PAGE_SIZE = 25;

	private static final List<String> STATUSES = List.of("failed", "pending", "processed");

	private final EventReview inbox;

	EventController(EventReview inbox) {
		this.inbox = inbox;
	}

	@GetMapping("/console/events")
	String events(@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String type, @RequestParam(defaultValue = "0") int page,
			Model model) {
		String statusFilter = (status != null && STATUSES.contains(status)) ? status : null;
		String typeFilter = (StringUtils.hasText(type) && StripeIds.isName(type.trim())) ? type.trim() : null;
		Page<StripeEventSummary> found = this.inbox.page(statusFilter, typeFilter,
				PageRequest.of(Math.max(page, 0), PAGE_SIZE));
		model.addAttribute("status", Objects.toString(statusFilter, ""));
		model.addAttribute("type", Objects.toString(typeFilter, ""));
		model.addAttribute("statuses", STATUSES);
		model.addAttribute("results", found);
		return "console/events";
	}

	@GetMapping("/console/events/{eventId}")
	ModelAndView event(@PathVariable String eventId) {
		if (!StripeIds.isWellFormed(eventId)) {
			throw new ConsoleErrors.NotFound();
		}
		return this.inbox.find(eventId)
			.map(event -> new ModelAndView("console/event").addObject("event", event))
			.orElseGet(() -> ConsoleErrors.notFound("No such event", "The inbox holds no event " + eventId + "."));
	}

	@PostMapping("/console/events/{eventId}/replay")
	String replay(@PathVariable String eventId, @RequestParam(required = false) @Nullable String back,
			RedirectAttributes redirect) {
		if (!StripeIds.isWellFormed(eventId)) {
			throw new ConsoleErrors.NotFound();
		}
		try {
			EventReview.Replayed replayed = this.inbox.replay(eventId);
			redirect.addFlashAttribute("notice",
					"Replayed " + eventId + ": " + replayed.outcome() + ", now " + replayed.event().status() + ".");
		}
		catch (RuntimeException ex) {
			ActionFailures.report(ex, "Replay of " + eventId, redirect);
		}
		// Back to the list the button was on, or to the event; never to another site.
		return "redirect:" + ("list".equals(back) ? "/console/events" : "/console/events/" + eventId);
	}

}
