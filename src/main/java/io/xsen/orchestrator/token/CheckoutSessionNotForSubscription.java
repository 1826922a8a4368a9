package io.xsen.orchestrator.token;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A claim named a Checkout Session that bought no subscription, so there is nothing to
 * grant access to.
 */
class CheckoutSessionNotForSubscription extends ProblemException {

	CheckoutSessionNotForSubscription(String message) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, "checkout_session_not_subscription", message);
	}

}
