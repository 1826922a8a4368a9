package io.xsen.orchestrator.usage;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The {@code Idempotency-Key} is empty, longer than 255 characters or has bytes outside
 * printable ASCII: 400 {@code invalid_idempotency_key}.
 */
class IdempotencyKeyInvalid extends ProblemException {

	IdempotencyKeyInvalid(int maxLength) {
		super(HttpStatus.BAD_REQUEST, "invalid_idempotency_key",
				"Idempotency-Key must be 1 to " + maxLength + " printable ASCII characters");
	}

}
