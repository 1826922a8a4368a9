package io.xsen.orchestrator.subscription;

import org.jspecify.annotations.Nullable;

/**
 * Announced inside the transaction that records a subscription snapshot, with the
 * subscription as it stood before and after, so that whoever reacts to a change of one
 * subscription (the customer's emails) sees exactly what changed.
 *
 * @param before the subscription before the snapshot, {@code null} when it was recorded
 * for the first time
 */
public record SubscriptionRecorded(@Nullable CustomerSubscription before, CustomerSubscription after) {
}
