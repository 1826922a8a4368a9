package io.xsen.orchestrator.billing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The Stripe timestamps XSEN accepts: whole epoch seconds from 1970-01-01T00:00:01Z to
 * 9999-12-31T23:59:59Z, which both Java and PostgreSQL's {@code timestamptz} hold.
 */
public final class StripeTimestamps {

	/** 1970-01-01T00:00:01Z: Stripe never dates anything at or before the epoch. */
	public static final long EARLIEST_SECOND = 1;

	/** 9999-12-31T23:59:59Z. */
	public static final long LATEST_SECOND = 253_402_300_799L;

	private StripeTimestamps() {
	}

	/**
	 * The instant a JSON number of epoch seconds names, or {@code null} when it is not a
	 * whole number of seconds within the accepted range.
	 */
	public static @Nullable Instant of(JsonNode value) {
		if (!value.isIntegralNumber() || !value.canConvertToLong()) {
			return null;
		}
		long seconds = value.longValue();
		return (seconds >= EARLIEST_SECOND && seconds <= LATEST_SECOND) ? Instant.ofEpochSecond(seconds) : null;
	}

	/**
	 * The accepted range, for messages.
	 */
	public static String range() {
		return Instant.ofEpochSecond(EARLIEST_SECOND) + " .. " + Instant.ofEpochSecond(LATEST_SECOND);
	}

}
