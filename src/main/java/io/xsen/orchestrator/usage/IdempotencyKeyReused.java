package io.xsen.orchestrator.usage;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The customer sent this {@code Idempotency-Key} in the last 24 hours with another method
 * or path: 422 {@code idempotency_key_reused}; a key names one request.
 */
class IdempotencyKeyReused extends ProblemException {

	IdempotencyKeyReused(String method, String path) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused",
				"This Idempotency-Key was used for " + method + " " + path + " in the last 24 hours; use a new key");
	}

}
