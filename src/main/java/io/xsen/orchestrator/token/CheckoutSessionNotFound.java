package io.xsen.orchestrator.token;

/**
 * Stripe knows no Checkout Session with the id a claim named.
 */
public class CheckoutSessionNotFound extends RuntimeException {

	CheckoutSessionNotFound(String message) {
		super(message);
	}

}
