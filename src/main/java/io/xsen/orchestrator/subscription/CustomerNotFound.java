package io.xsen.orchestrator.subscription;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * An operator named a customer XSEN holds no subscription for.
 */
public class CustomerNotFound extends ProblemException {

	public CustomerNotFound(String customerId) {
		super(HttpStatus.NOT_FOUND, "customer_not_found", "XSEN holds no subscription for customer " + customerId);
	}

}
