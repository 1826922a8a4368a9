package io.xsen.orchestrator.ops;

/**
 * An operator's lookup is missing what it needs to search by.
 */
class LookupInvalid extends RuntimeException {

	private final String parameter;

	LookupInvalid(String parameter, String message) {
		super(message);
		this.parameter = parameter;
	}

	String parameter() {
		return this.parameter;
	}

}
