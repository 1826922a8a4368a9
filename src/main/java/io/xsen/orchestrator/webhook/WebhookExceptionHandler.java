package io.xsen.orchestrator.webhook;

import io.xsen.orchestrator.billing.StripeApiUnavailable;
import io.xsen.orchestrator.billing.StripeObjectUnreadable;
import io.xsen.orchestrator.billing.StripeRequestRejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static io.xsen.orchestrator.ProblemResponses.problem;
import static io.xsen.orchestrator.ProblemResponses.retryLater;

/**
 * Answers failed deliveries as RFC 9457 problems: 4xx for what a retry cannot fix, 503
 * for what it can.
 */
@RestControllerAdvice(assignableTypes = StripeWebhookController.class)
class WebhookExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(WebhookExceptionHandler.class);

	// Refused deliveries are counted in metrics (type "unverified", outcome "rejected");
	// anyone on the internet can send them, so they are logged at DEBUG only.
	@ExceptionHandler
	ResponseEntity<ProblemDetail> signatureRejected(WebhookSignatureRejected ex) {
		logger.debug("Webhook refused: {}", ex.getMessage());
		return problem(HttpStatus.BAD_REQUEST, "invalid_signature", "Invalid Stripe signature", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> payloadMalformed(WebhookPayloadMalformed ex) {
		logger.debug("Webhook refused: {}", ex.getMessage());
		return problem(HttpStatus.BAD_REQUEST, "malformed_payload", "Malformed Stripe event", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> payloadTooLarge(WebhookPayloadTooLarge ex) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", "Webhook body too large", ex.getMessage());
	}

	@ExceptionHandler({ StripeObjectUnreadable.class, StripeRequestRejected.class })
	ResponseEntity<ProblemDetail> eventUnprocessable(RuntimeException ex) {
		logger.warn("Webhook event could not be applied: {}", ex.getMessage());
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, "unprocessable_event", "Event could not be applied",
				ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> stripeUnavailable(StripeApiUnavailable ex) {
		logger.warn("Webhook event deferred, Stripe API unavailable: {}", ex.getMessage());
		return retryLater("stripe_unavailable", "The Stripe API could not be reached; Stripe will redeliver");
	}

}
