package io.xsen.orchestrator.billing;

import java.util.regex.Pattern;

/**
 * The shape every Stripe id has ({@code cus_...}, {@code evt_...}): letters, digits and
 * underscores, so an operator's typo or a control byte is refused before any lookup.
 */
public final class StripeIds {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_]{1,255}");

	private StripeIds() {
	}

	public static boolean isWellFormed(String id) {
		return ID.matcher(id).matches();
	}

}
