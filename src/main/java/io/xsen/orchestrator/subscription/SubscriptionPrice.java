package io.xsen.orchestrator.subscription;

import org.jspecify.annotations.Nullable;

/**
 * What one Stripe price on a subscription charges: {@code amount} in the currency's
 * smallest unit times the item's quantity, every {@code intervalCount} {@code interval}s;
 * {@code amount} is {@code null} for a price that is not per unit (tiered, metered).
 */
public record SubscriptionPrice(String priceId, @Nullable Long amount, @Nullable String currency,
		@Nullable String interval, int intervalCount) {

	private static final double WEEKS_PER_MONTH = 52.0 / 12;

	private static final double DAYS_PER_MONTH = 365.0 / 12;

	/**
	 * What the price brings in per month, in the currency's smallest unit: a yearly price
	 * counts one twelfth; {@code null} when the price has no fixed amount or interval.
	 */
	public @Nullable Double monthlyAmount() {
		return (this.amount != null && this.interval != null) ? monthly(this.amount, this.interval, this.intervalCount)
				: null;
	}

	/**
	 * {@code amount} charged every {@code intervalCount} {@code interval}s, per month;
	 * {@code null} for an interval Stripe does not have.
	 */
	static @Nullable Double monthly(long amount, String interval, int intervalCount) {
		double perInterval = (double) amount / Math.max(intervalCount, 1);
		return switch (interval) {
			case "month" -> perInterval;
			case "year" -> perInterval / 12;
			case "week" -> perInterval * WEEKS_PER_MONTH;
			case "day" -> perInterval * DAYS_PER_MONTH;
			default -> null;
		};
	}

}
