package io.xsen.orchestrator.email;

import java.util.Locale;

/**
 * What a link in an email opens: the page that reveals the customer's token once, or
 * Stripe's billing portal.
 */
enum LinkPurpose {

	ACCESS("/access/"), BILLING("/billing/");

	private final String path;

	LinkPurpose(String path) {
		this.path = path;
	}

	String column() {
		return name().toLowerCase(Locale.ROOT);
	}

	String path() {
		return this.path;
	}

}
