package io.xsen.orchestrator.webhook;

/**
 * An operator named an event the inbox never recorded.
 */
class StripeEventNotFound extends RuntimeException {

	StripeEventNotFound(String eventId) {
		super("The inbox holds no event " + eventId);
	}

}
