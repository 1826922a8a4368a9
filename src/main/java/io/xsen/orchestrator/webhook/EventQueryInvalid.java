package io.xsen.orchestrator.webhook;

/**
 * An operator's inbox query names a status, page or size the inbox cannot answer.
 */
class EventQueryInvalid extends RuntimeException {

	private final String parameter;

	EventQueryInvalid(String parameter, String message) {
		super(message);
		this.parameter = parameter;
	}

	String parameter() {
		return this.parameter;
	}

}
