package io.xsen.orchestrator.token;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A claim named a Checkout Session the customer has not completed yet.
 */
class CheckoutSessionIncomplete extends ProblemException {

	CheckoutSessionIncomplete(String message) {
		super(HttpStatus.CONFLICT, "checkout_session_incomplete", message);
	}

}
