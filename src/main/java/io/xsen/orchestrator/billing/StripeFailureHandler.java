package io.xsen.orchestrator.billing;

import io.xsen.orchestrator.Outages;
import io.xsen.orchestrator.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.HandlerMethod;

/**
 * Answers every endpoint's failed Stripe API calls: 503 {@code stripe_unavailable} with
 * {@code Retry-After} while Stripe cannot be reached, 502 {@code stripe_error} when it
 * refused a request, unless the endpoint answers a refusal itself.
 */
@RestControllerAdvice
class StripeFailureHandler {

	private static final Logger logger = LoggerFactory.getLogger(StripeFailureHandler.class);

	@ExceptionHandler
	ErrorResponse stripeUnavailable(StripeApiUnavailable ex, HandlerMethod handler, HttpServletRequest request) {
		// The cause (refused, timed out) is what an operator acts on; the stack trace,
		// one per request while the outage lasts, is there at DEBUG.
		logger.warn("Stripe API unavailable, {} {} answered 503: {}", request.getMethod(), request.getRequestURI(),
				NestedExceptionUtils.getMostSpecificCause(ex).toString());
		logger.debug("Stripe API unavailable", ex);
		StripeOutageDetail detail = handler.getBeanType().getAnnotation(StripeOutageDetail.class);
		return Outages.retryLater("stripe_unavailable",
				(detail != null) ? detail.value() : "Stripe could not be reached; retry shortly", ex);
	}

	@ExceptionHandler({ StripeRequestRejected.class, StripeObjectUnreadable.class })
	ErrorResponse stripeRefused(RuntimeException ex) {
		logger.warn("Stripe refused an API request", ex);
		return new ProblemException(HttpStatus.BAD_GATEWAY, "stripe_error",
				"Stripe refused the request; contact support", ex);
	}

}
