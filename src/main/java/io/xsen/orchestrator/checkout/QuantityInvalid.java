package io.xsen.orchestrator.checkout;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A per-seat price was asked for a quantity outside 1..1000: 422
 * {@code invalid_quantity}.
 */
class QuantityInvalid extends ProblemException {

	QuantityInvalid(long max) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, "invalid_quantity",
				"quantity must be a whole number from 1 to " + max + " for this per-seat price");
	}

}
