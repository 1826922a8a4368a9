package io.xsen.orchestrator.subscription;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Decides which of a customer's subscriptions counts and whether it grants API access
 * now: among those that grant access the highest tier, then the newest; with none, the
 * one nearest to granting it.
 */
@Component
public class SubscriptionAccess {

	private final Duration pastDueGrace;

	private final TierCatalog tiers;

	private final Clock clock;

	SubscriptionAccess(SubscriptionAccessProperties properties, TierCatalog tiers, Clock clock) {
		this.pastDueGrace = properties.pastDueGrace();
		this.tiers = tiers;
		this.clock = clock;
	}

	/** How long {@code past_due} keeps access, counted from when it began. */
	public Duration pastDueGrace() {
		return this.pastDueGrace;
	}

	public boolean grants(@Nullable CustomerSubscription subscription) {
		return subscription != null && grants(subscription, this.clock.instant());
	}

	/**
	 * The subscription that decides the customer's access, {@code null} when they have
	 * none.
	 */
	public @Nullable CustomerSubscription best(Collection<CustomerSubscription> subscriptions) {
		Instant now = this.clock.instant();
		Comparator<CustomerSubscription> order = Comparator
			.comparing((CustomerSubscription subscription) -> grants(subscription, now))
			.thenComparingInt(subscription -> grants(subscription, now) ? this.tiers.rank(subscription.tier()) : 0)
			.thenComparing(subscription -> !grants(subscription, now)
					&& SubscriptionStatus.PAST_DUE.stripeName().equals(subscription.status()))
			.thenComparing(CustomerSubscription::createdAt);
		return subscriptions.stream().max(order).orElse(null);
	}

	private boolean grants(CustomerSubscription subscription, Instant now) {
		return SubscriptionStatus.of(subscription.status())
			.map(status -> status.grantsAccess(subscription.pastDueSince(), this.pastDueGrace, now))
			.orElse(false);
	}

}
