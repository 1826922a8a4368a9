package io.xsen.orchestrator.webhook;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One inbox entry as operators see it: what arrived and how applying it went, without the
 * payload; {@code ignoredReason} is the code of why XSEN recorded it without applying it
 * ({@code livemode_mismatch}, {@code thin_event}).
 */
public record StripeEventSummary(String id, String type, @Nullable Instant created, @Nullable String apiVersion,
		String status, Instant receivedAt, @Nullable Instant processedAt, int attempts, @Nullable String lastError,
		@Nullable String ignoredReason) {

	/**
	 * What {@code ignoredReason} means, for an operator reading the inbox.
	 */
	public @Nullable String ignoredMeaning() {
		return IgnoredReason.meaningOf(this.ignoredReason);
	}

}
