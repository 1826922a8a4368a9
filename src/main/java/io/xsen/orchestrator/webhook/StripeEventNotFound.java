package io.xsen.orchestrator.webhook;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * An operator named an event the inbox never recorded.
 */
class StripeEventNotFound extends ProblemException {

	StripeEventNotFound(String eventId) {
		super(HttpStatus.NOT_FOUND, "event_not_found", "The inbox holds no event " + eventId);
	}

}
