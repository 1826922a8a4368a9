package io.xsen.orchestrator.subscription;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One of a customer's subscriptions as XSEN holds it, read-only: what access decisions,
 * the customer's view and support's lookups are made of.
 *
 * @param pastDueSince when the subscription entered {@code past_due}, while it is there
 * @param extraMessages messages its add-ons add to its period quota
 */
public record CustomerSubscription(String subscriptionId, String customerId, @Nullable String email,
		@Nullable String tier, String status, @Nullable String priceId, @Nullable Instant pastDueSince,
		@Nullable Instant currentPeriodStart, @Nullable Instant currentPeriodEnd, boolean cancelAtPeriodEnd,
		Instant createdAt, Instant updatedAt, long extraMessages) {

	/** A subscription without add-ons. */
	public CustomerSubscription(String subscriptionId, String customerId, @Nullable String email, @Nullable String tier,
			String status, @Nullable String priceId, @Nullable Instant pastDueSince,
			@Nullable Instant currentPeriodStart, @Nullable Instant currentPeriodEnd, boolean cancelAtPeriodEnd,
			Instant createdAt, Instant updatedAt) {
		this(subscriptionId, customerId, email, tier, status, priceId, pastDueSince, currentPeriodStart,
				currentPeriodEnd, cancelAtPeriodEnd, createdAt, updatedAt, 0);
	}

	static CustomerSubscription of(Subscription subscription) {
		return new CustomerSubscription(subscription.getStripeSubscriptionId(), subscription.getStripeCustomerId(),
				subscription.getEmail(), subscription.getTier(), subscription.getStatus(), subscription.getPriceId(),
				subscription.getPastDueSince(), subscription.getCurrentPeriodStart(),
				subscription.getCurrentPeriodEnd(), subscription.isCancelAtPeriodEnd(), subscription.getCreatedAt(),
				subscription.getUpdatedAt(), subscription.getExtraMessages());
	}

}
