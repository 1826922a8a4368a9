package io.xsen.orchestrator.subscription;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One item of a Stripe subscription: the price it is on, how many of it, and its own
 * billing period.
 *
 * @param quantity the item's quantity; Stripe leaves it out for metered prices, which
 * count as 1
 * @param currentPeriodStart the item's period start (API 2025-03-31 and later), or
 * {@code null} when the subscription holds the period (earlier versions)
 * @param currentPeriodEnd the item's period end, or {@code null} likewise
 */
public record SubscriptionItem(String priceId, long quantity, @Nullable Instant currentPeriodStart,
		@Nullable Instant currentPeriodEnd) {

	/**
	 * Whether the item counts toward the tier: Stripe allows quantity 0, which charges
	 * nothing and so buys nothing.
	 */
	public boolean counts() {
		return this.quantity >= 1;
	}

}
