package io.xsen.orchestrator.billing;

/**
 * The Stripe API could not answer now (network, timeout, 5xx, rate limit, credentials);
 * the caller should retry later.
 */
public class StripeApiUnavailable extends RuntimeException {

	public StripeApiUnavailable(String message, Throwable cause) {
		super(message, cause);
	}

}
