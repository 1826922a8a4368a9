package io.xsen.orchestrator.api;

/**
 * An operator named a customer XSEN holds no subscription for.
 */
class CustomerNotFound extends RuntimeException {

	CustomerNotFound(String message) {
		super(message);
	}

}
