package io.xsen.orchestrator.token;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The Checkout Session a claim named already yielded its one token.
 */
class CheckoutSessionAlreadyClaimed extends ProblemException {

	CheckoutSessionAlreadyClaimed(String checkoutSessionId) {
		super(HttpStatus.CONFLICT, "already_claimed", "Checkout Session " + checkoutSessionId
				+ " was already claimed; a customer who lost the token asks support for a new one");
	}

}
