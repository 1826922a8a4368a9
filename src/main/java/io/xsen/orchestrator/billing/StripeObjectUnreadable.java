package io.xsen.orchestrator.billing;

/**
 * A Stripe object lacked, or had malformed, a field XSEN needs; retrying the same object
 * cannot help.
 */
public class StripeObjectUnreadable extends RuntimeException {

	public StripeObjectUnreadable(String message) {
		super(message);
	}

}
