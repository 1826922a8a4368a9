package io.xsen.orchestrator.access;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One token with its customer's subscription, which may be missing: everything a
 * request's access decision needs, with the time-dependent checks left to the moment of
 * the request.
 */
record TokenRow(long id, String customerId, Instant createdAt, Instant expiresAt, boolean revoked,
		@Nullable String email, @Nullable String tier, @Nullable String status, @Nullable Instant statusSince,
		@Nullable Instant currentPeriodEnd, boolean cancelAtPeriodEnd) {
}
