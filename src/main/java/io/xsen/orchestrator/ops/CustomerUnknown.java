package io.xsen.orchestrator.ops;

/**
 * XSEN holds no subscription for the customer an operator asked about.
 */
class CustomerUnknown extends RuntimeException {

	CustomerUnknown(String customerId) {
		super("XSEN holds no subscription for customer " + customerId);
	}

}
