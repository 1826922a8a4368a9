package io.xsen.orchestrator.token;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * Stripe knows no Checkout Session with the id a claim named.
 */
class CheckoutSessionNotFound extends ProblemException {

	CheckoutSessionNotFound(String message) {
		super(HttpStatus.NOT_FOUND, "checkout_session_not_found", message);
	}

}
