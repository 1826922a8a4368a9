package io.xsen.orchestrator.api;

import io.xsen.orchestrator.billing.StripeApiUnavailable;
import io.xsen.orchestrator.billing.StripeObjectUnreadable;
import io.xsen.orchestrator.billing.StripeRequestRejected;
import io.xsen.orchestrator.token.CheckoutSessionAlreadyClaimed;
import io.xsen.orchestrator.token.CheckoutSessionIncomplete;
import io.xsen.orchestrator.token.CheckoutSessionNotForSubscription;
import io.xsen.orchestrator.token.CheckoutSessionNotFound;
import io.xsen.orchestrator.token.ClaimWindowClosed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static io.xsen.orchestrator.ProblemResponses.badParameter;
import static io.xsen.orchestrator.ProblemResponses.problem;
import static io.xsen.orchestrator.ProblemResponses.retryLater;

/**
 * Answers the token and customer API's failures as RFC 9457 problems with a stable
 * {@code code}; nothing is changed by a refused request.
 */
// Ahead of Spring Boot's generic handler, so bad input gets our code too.
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(
		assignableTypes = { TokenController.class, AdminTokenController.class, CustomerApiController.class })
class AccessExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(AccessExceptionHandler.class);

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidRequest(MethodArgumentNotValidException ex) {
		FieldError field = ex.getBindingResult().getFieldError();
		return problem(HttpStatus.BAD_REQUEST, "invalid_request", (field != null && field.getDefaultMessage() != null)
				? field.getDefaultMessage() : "The request is not valid");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unreadableRequest(HttpMessageNotReadableException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid_request", "The request body is not the JSON object expected");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> customerIdMalformed(CustomerIdMalformed ex) {
		return badParameter("customerId", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> sessionNotFound(CheckoutSessionNotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "checkout_session_not_found", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> sessionIncomplete(CheckoutSessionIncomplete ex) {
		return problem(HttpStatus.CONFLICT, "checkout_session_incomplete", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> sessionAlreadyClaimed(CheckoutSessionAlreadyClaimed ex) {
		return problem(HttpStatus.CONFLICT, "already_claimed", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> sessionNotForSubscription(CheckoutSessionNotForSubscription ex) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, "checkout_session_not_subscription", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> claimWindowClosed(ClaimWindowClosed ex) {
		return problem(HttpStatus.GONE, "claim_window_closed", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> customerNotFound(CustomerNotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "customer_not_found", ex.getMessage());
	}

	@ExceptionHandler({ StripeRequestRejected.class, StripeObjectUnreadable.class })
	ResponseEntity<ProblemDetail> stripeRefused(RuntimeException ex) {
		logger.warn("Stripe refused an API request: {}", ex.getMessage());
		return problem(HttpStatus.BAD_GATEWAY, "stripe_error", "Stripe refused the request; contact support");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> stripeUnavailable(StripeApiUnavailable ex) {
		logger.warn("Stripe API unavailable: {}", ex.getMessage());
		return retryLater("stripe_unavailable", "Stripe could not be reached; retry shortly");
	}

}
