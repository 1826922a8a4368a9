package io.xsen.orchestrator.api;

/**
 * An operator named a customer by something that is not a Stripe customer id.
 */
class CustomerIdMalformed extends RuntimeException {

	CustomerIdMalformed() {
		super("customerId must be a Stripe customer id (cus_...)");
	}

}
