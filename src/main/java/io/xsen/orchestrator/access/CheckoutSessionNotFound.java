package io.xsen.orchestrator.access;

/**
 * Stripe knows no Checkout Session with the id a claim named.
 */
class CheckoutSessionNotFound extends RuntimeException {

	CheckoutSessionNotFound(String message) {
		super(message);
	}

}
