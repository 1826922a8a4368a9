package io.xsen.orchestrator.billing;

import java.time.Instant;

import io.xsen.orchestrator.subscription.SubscriptionSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * A subscription as the Stripe API showed it, and the second Stripe answered (its
 * {@code Date} header), which places an operator's sync among Stripe's events.
 *
 * @param customer the subscription's customer when Stripe expanded it, else {@code null}
 */
public record SubscriptionRead(SubscriptionSnapshot snapshot, Instant readAt, @Nullable CustomerRead customer) {
}
