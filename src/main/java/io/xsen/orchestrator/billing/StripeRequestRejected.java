package io.xsen.orchestrator.billing;

/**
 * Stripe refused a request as invalid (for example an unknown id); retrying the same
 * request cannot help.
 */
public class StripeRequestRejected extends RuntimeException {

	private final int statusCode;

	public StripeRequestRejected(String message, int statusCode, Throwable cause) {
		super(message, cause);
		this.statusCode = statusCode;
	}

	public int statusCode() {
		return this.statusCode;
	}

}
