package io.xsen.orchestrator.subscription;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A Stripe subscription as one event (or one API read) showed it.
 */
public record SubscriptionSnapshot(String subscriptionId, String customerId, String status, List<String> priceIds,
		@Nullable Instant currentPeriodEnd, boolean cancelAtPeriodEnd) {
}
