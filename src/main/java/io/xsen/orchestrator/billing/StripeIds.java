package io.xsen.orchestrator.billing;

import java.util.regex.Pattern;

/**
 * The shapes of what Stripe names: ids ({@code cus_...}, {@code evt_...}) are letters,
 * digits and underscores, and event types and API versions are visible ASCII, so an
 * operator's typo or a control byte is refused before any lookup.
 */
public final class StripeIds {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_]{1,255}");

	private static final Pattern NAME = Pattern.compile("[\\x21-\\x7E]{1,255}");

	private static final String EVENT_PREFIX = "evt_";

	private StripeIds() {
	}

	public static boolean isWellFormed(String id) {
		return ID.matcher(id).matches();
	}

	/** A well-formed id with the prefix of Stripe's events. */
	public static boolean isEventId(String id) {
		return id.length() > EVENT_PREFIX.length() && id.startsWith(EVENT_PREFIX) && isWellFormed(id);
	}

	/** An event type ({@code customer.subscription.updated}) or an API version. */
	public static boolean isName(String name) {
		return NAME.matcher(name).matches();
	}

}
