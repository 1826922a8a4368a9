package io.xsen.orchestrator.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xsen.orchestrator.ParameterInvalid;
import io.xsen.orchestrator.ProblemException;
import io.xsen.orchestrator.billing.StripeOutageDetail;
import io.xsen.orchestrator.billing.StripeIds;
import io.xsen.orchestrator.billing.StripeObjectUnreadable;
import io.xsen.orchestrator.billing.StripeRequestRejected;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Lets operators read the event inbox and replay a recorded event once its cause is
 * fixed; the admin key guards both.
 */
@Tag(name = "Events")
@RestController
@StripeOutageDetail("The Stripe API could not be reached; replay again later")
class EventInboxController {

	private static final Logger logger = LoggerFactory.getLogger(EventInboxController.class);

	private static final Set<String> STATUSES = Set.of("pending", "processed", "failed");

	private static final int MAX_PAGE_SIZE = 100;

	private final EventReview inbox;

	EventInboxController(EventReview inbox) {
		this.inbox = inbox;
	}

	@Operation(operationId = "listEvents", summary = "List the event inbox, newest first, by status and type")
	@GetMapping("/admin/events")
	EventPage list(@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String type, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		if (status != null && !STATUSES.contains(status)) {
			throw new ParameterInvalid("status", "status must be one of failed, pending, processed");
		}
		if (page < 0) {
			throw new ParameterInvalid("page", "page must be 0 or more");
		}
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw new ParameterInvalid("size", "size must be between 1 and " + MAX_PAGE_SIZE);
		}
		if (type != null && !StripeIds.isName(type)) {
			throw new ParameterInvalid("type",
					"type must be a Stripe event type, such as customer.subscription.updated");
		}
		// No inbox holds more rows than an int counts, so such an offset is past any
		// page.
		if ((long) page * size > Integer.MAX_VALUE) {
			throw pastTheLastPage(page, 0);
		}
		Page<StripeEventSummary> found = this.inbox.page(status, type, PageRequest.of(page, size));
		if (page > 0 && page >= found.getTotalPages()) {
			throw pastTheLastPage(page, found.getTotalPages());
		}
		return new EventPage(found.getContent(), page, size, found.getTotalElements(), found.getTotalPages());
	}

	@Operation(operationId = "replayEvent", summary = "Apply a recorded event again once its cause is fixed")
	@PostMapping("/admin/events/{eventId}/replay")
	EventReplayed replay(@PathVariable String eventId) {
		if (!StripeIds.isWellFormed(eventId)) {
			throw new ParameterInvalid("eventId", "eventId must be a Stripe event id (evt_...)");
		}
		EventReview.Replayed replayed = this.inbox.replay(eventId);
		StripeEventSummary event = replayed.event();
		return new EventReplayed(event.id(), event.type(), event.status(), replayed.outcome(), event.attempts(),
				event.processedAt());
	}

	private static ParameterInvalid pastTheLastPage(int page, int totalPages) {
		return new ParameterInvalid("page",
				"page " + page + " is past the last page; pages run from 0 to " + Math.max(totalPages - 1, 0));
	}

	// Ahead of Spring Boot's generic answer, so a non-numeric page names its parameter.
	@ExceptionHandler
	ErrorResponse parameterMismatch(MethodArgumentTypeMismatchException ex) {
		return new ParameterInvalid(ex.getName(), ex.getName() + " must be a whole number");
	}

	// A recorded event that cannot apply is the operator's to fix: 422, whatever the
	// cause.
	@ExceptionHandler({ StripeObjectUnreadable.class, StripeRequestRejected.class, WebhookPayloadMalformed.class })
	ErrorResponse eventUnprocessable(RuntimeException ex) {
		// The cause in one line; the stack trace at DEBUG.
		logger.warn("Replayed event could not be applied: {}",
				NestedExceptionUtils.buildMessage(ex.getMessage(), ex.getCause()));
		logger.debug("Replayed event could not be applied", ex);
		return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "unprocessable_event",
				"The event could not be applied: " + ex.getMessage(), ex);
	}

	/**
	 * One page of the inbox, newest first.
	 */
	record EventPage(List<StripeEventSummary> events, int page, int size, long totalElements, int totalPages) {
	}

	/**
	 * What a replay did: the event's status now and whether it changed a subscription.
	 */
	record EventReplayed(String id, String type, String status, String outcome, int attempts,
			@Nullable Instant processedAt) {
	}

}
