package io.xsen.orchestrator.token;

/**
 * A claim named a Checkout Session that bought no subscription, so there is nothing to
 * grant access to.
 */
public class CheckoutSessionNotForSubscription extends RuntimeException {

	CheckoutSessionNotForSubscription(String message) {
		super(message);
	}

}
