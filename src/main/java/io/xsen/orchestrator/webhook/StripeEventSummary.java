package io.xsen.orchestrator.webhook;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One inbox entry as operators see it: what arrived and how applying it went, without the
 * payload; {@code ignoredReason} says why XSEN recorded it without applying it (another
 * mode than {@code STRIPE_SECRET_KEY}'s, a thin event).
 */
public record StripeEventSummary(String id, String type, @Nullable Instant created, @Nullable String apiVersion,
		String status, Instant receivedAt, @Nullable Instant processedAt, int attempts, @Nullable String lastError,
		@Nullable String ignoredReason) {
}
