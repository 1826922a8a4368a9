package io.xsen.orchestrator.ops;

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
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static io.xsen.orchestrator.ProblemResponses.badParameter;
import static io.xsen.orchestrator.ProblemResponses.problem;
import static io.xsen.orchestrator.ProblemResponses.retryLater;

/**
 * Answers failed subscription lookups and syncs as RFC 9457 problems with a stable
 * {@code code}.
 */
// Ahead of Spring Boot's generic handler, so a missing parameter gets our code too.
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = AdminSubscriptionController.class)
class AdminExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(AdminExceptionHandler.class);

	@ExceptionHandler
	ResponseEntity<ProblemDetail> lookupInvalid(LookupInvalid ex) {
		return badParameter(ex.parameter(), ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> parameterMissing(MissingServletRequestParameterException ex) {
		return badParameter(ex.getParameterName(), ex.getParameterName() + " is required");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> customerUnknown(CustomerUnknown ex) {
		return problem(HttpStatus.NOT_FOUND, "customer_not_found", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> stripeRejected(StripeRequestRejected ex) {
		logger.warn("Stripe refused a sync: {}", ex.getMessage());
		if (ex.statusCode() == HttpStatus.NOT_FOUND.value()) {
			return problem(HttpStatus.NOT_FOUND, "customer_not_found", "Stripe knows no such customer");
		}
		return problem(HttpStatus.BAD_GATEWAY, "stripe_error", "Stripe refused the request: " + ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> stripeUnreadable(StripeObjectUnreadable ex) {
		logger.warn("Stripe answered a sync with something unreadable: {}", ex.getMessage());
		return problem(HttpStatus.BAD_GATEWAY, "stripe_error", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> stripeUnavailable(StripeApiUnavailable ex) {
		logger.warn("Sync deferred, Stripe API unavailable: {}", ex.getMessage());
		return retryLater("stripe_unavailable", "The Stripe API could not be reached; sync again later");
	}

}
