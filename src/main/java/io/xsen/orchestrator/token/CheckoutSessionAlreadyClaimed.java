package io.xsen.orchestrator.token;

/**
 * The Checkout Session a claim named already yielded its one token.
 */
public class CheckoutSessionAlreadyClaimed extends RuntimeException {

	CheckoutSessionAlreadyClaimed(String checkoutSessionId) {
		super("Checkout Session " + checkoutSessionId
				+ " was already claimed; a customer who lost the token asks support for a new one");
	}

}
