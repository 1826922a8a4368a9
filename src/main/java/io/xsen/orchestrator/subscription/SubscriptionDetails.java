package io.xsen.orchestrator.subscription;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A stored subscription with its price and history, as the operator console shows it.
 */
public record SubscriptionDetails(String subscriptionId, String customerId, @Nullable String email,
		@Nullable String tier, String status, @Nullable SubscriptionPrice price, @Nullable Instant currentPeriodEnd,
		boolean cancelAtPeriodEnd, @Nullable Instant startedAt, @Nullable Instant canceledAt, @Nullable Instant endedAt,
		Instant createdAt, Instant updatedAt) {

	static SubscriptionDetails of(Subscription subscription) {
		return new SubscriptionDetails(subscription.getStripeSubscriptionId(), subscription.getStripeCustomerId(),
				subscription.getEmail(), subscription.getTier(), subscription.getStatus(), subscription.price(),
				subscription.getCurrentPeriodEnd(), subscription.isCancelAtPeriodEnd(), subscription.getStartedAt(),
				subscription.getCanceledAt(), subscription.getEndedAt(), subscription.getCreatedAt(),
				subscription.getUpdatedAt());
	}

}
