package io.xsen.orchestrator.access;

/**
 * A claim named a Checkout Session that bought no subscription, so there is nothing to
 * grant access to.
 */
class CheckoutSessionNotForSubscription extends RuntimeException {

	CheckoutSessionNotForSubscription(String message) {
		super(message);
	}

}
