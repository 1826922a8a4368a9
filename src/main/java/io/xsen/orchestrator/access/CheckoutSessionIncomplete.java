package io.xsen.orchestrator.access;

/**
 * A claim named a Checkout Session the customer has not completed yet.
 */
class CheckoutSessionIncomplete extends RuntimeException {

	CheckoutSessionIncomplete(String message) {
		super(message);
	}

}
