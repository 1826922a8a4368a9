package io.xsen.orchestrator.webhook;

import io.xsen.orchestrator.billing.StripeApiUnavailable;
import io.xsen.orchestrator.billing.StripeObjectUnreadable;
import io.xsen.orchestrator.billing.StripeRequestRejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import static io.xsen.orchestrator.ProblemResponses.badParameter;
import static io.xsen.orchestrator.ProblemResponses.problem;
import static io.xsen.orchestrator.ProblemResponses.retryLater;

/**
 * Answers operators' inbox queries and replays that fail as RFC 9457 problems with a
 * stable {@code code}.
 */
// Ahead of Spring Boot's generic handler, so a non-numeric page gets our code too.
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = EventInboxController.class)
class EventInboxExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(EventInboxExceptionHandler.class);

	@ExceptionHandler
	ResponseEntity<ProblemDetail> queryInvalid(EventQueryInvalid ex) {
		return badParameter(ex.parameter(), ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> parameterMismatch(MethodArgumentTypeMismatchException ex) {
		return badParameter(ex.getName(), ex.getName() + " must be a whole number");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> eventNotFound(StripeEventNotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "event_not_found", ex.getMessage());
	}

	@ExceptionHandler({ StripeObjectUnreadable.class, StripeRequestRejected.class, WebhookPayloadMalformed.class })
	ResponseEntity<ProblemDetail> eventUnprocessable(RuntimeException ex) {
		logger.warn("Replayed event could not be applied: {}", ex.getMessage());
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, "unprocessable_event",
				"The event could not be applied: " + ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> stripeUnavailable(StripeApiUnavailable ex) {
		logger.warn("Replay deferred, Stripe API unavailable: {}", ex.getMessage());
		return retryLater("stripe_unavailable", "The Stripe API could not be reached; replay again later");
	}

}
