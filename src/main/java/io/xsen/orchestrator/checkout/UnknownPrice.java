package io.xsen.orchestrator.checkout;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The price named is no active catalog price that grants a tier: 422
 * {@code unknown_price}.
 */
class UnknownPrice extends ProblemException {

	UnknownPrice(String price) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, "unknown_price",
				"'" + price + "' is not an active plan price (a lookup key or price id of the catalog)");
	}

}
