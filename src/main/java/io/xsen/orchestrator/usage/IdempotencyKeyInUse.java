package io.xsen.orchestrator.usage;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The first request with this {@code Idempotency-Key} is still being served: 409
 * {@code idempotency_key_in_use}, to be retried in a second for its answer.
 */
class IdempotencyKeyInUse extends ProblemException {

	IdempotencyKeyInUse() {
		super(HttpStatus.CONFLICT, "idempotency_key_in_use",
				"A request with this Idempotency-Key is still being served; retry in 1 second for its answer");
		getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
	}

}
