package io.xsen.orchestrator.config;

/**
 * An operator's setting whose value XSEN cannot read, named with the value and the form
 * it takes, so that the start-up failure is one line the operator can act on.
 */
class SettingInvalid extends IllegalArgumentException {

	private final String variable;

	private final String value;

	private final String accepted;

	SettingInvalid(String variable, String value, String accepted) {
		super(variable + "=" + value + " is not valid: use " + accepted);
		this.variable = variable;
		this.value = value;
		this.accepted = accepted;
	}

	String variable() {
		return this.variable;
	}

	String value() {
		return this.value;
	}

	String accepted() {
		return this.accepted;
	}

}
