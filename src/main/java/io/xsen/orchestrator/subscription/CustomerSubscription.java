package io.xsen.orchestrator.subscription;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One of a customer's subscriptions, as much of it as an access decision and the
 * customer's view of it need.
 */
public record CustomerSubscription(@Nullable String email, @Nullable String tier, String status,
		@Nullable Instant pastDueSince, @Nullable Instant currentPeriodEnd, boolean cancelAtPeriodEnd,
		Instant createdAt) {

	static CustomerSubscription of(Subscription subscription) {
		return new CustomerSubscription(subscription.getEmail(), subscription.getTier(), subscription.getStatus(),
				subscription.getPastDueSince(), subscription.getCurrentPeriodEnd(), subscription.isCancelAtPeriodEnd(),
				subscription.getCreatedAt());
	}

}
