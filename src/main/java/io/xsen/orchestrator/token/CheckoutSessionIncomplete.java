package io.xsen.orchestrator.token;

/**
 * A claim named a Checkout Session the customer has not completed yet.
 */
public class CheckoutSessionIncomplete extends RuntimeException {

	CheckoutSessionIncomplete(String message) {
		super(message);
	}

}
