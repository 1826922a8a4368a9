package io.xsen.orchestrator.billing;

import java.time.Instant;

import io.xsen.orchestrator.subscription.SubscriptionSnapshot;

/**
 * A subscription as the Stripe API showed it, and the second Stripe answered (its
 * {@code Date} header), which places an operator's sync among Stripe's events.
 */
public record SubscriptionRead(SubscriptionSnapshot snapshot, Instant readAt) {
}
