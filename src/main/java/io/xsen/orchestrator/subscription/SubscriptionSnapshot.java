package io.xsen.orchestrator.subscription;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A Stripe subscription as one event (or one API read) showed it.
 *
 * @param currentPeriodStart the start of the billing period, which quotas count from
 */
public record SubscriptionSnapshot(String subscriptionId, String customerId, String status, List<String> priceIds,
		@Nullable Instant currentPeriodStart, @Nullable Instant currentPeriodEnd, boolean cancelAtPeriodEnd) {
}
