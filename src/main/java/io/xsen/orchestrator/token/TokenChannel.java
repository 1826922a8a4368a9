package io.xsen.orchestrator.token;

import java.util.Locale;

/**
 * How a token reached its customer, kept in {@code auth_tokens.issued_via} for support.
 */
public enum TokenChannel {

	/** The Checkout success page claimed it with the session id. */
	CLAIM,

	/** The customer rotated their previous token. */
	ROTATE,

	/** Support issued it with the admin key. */
	ADMIN,

	/** The customer revealed it on the page of a one-time access link from an email. */
	ACCESS_LINK;

	String column() {
		return name().toLowerCase(Locale.ROOT);
	}

}
