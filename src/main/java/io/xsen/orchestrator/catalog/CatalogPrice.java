package io.xsen.orchestrator.catalog;

import org.jspecify.annotations.Nullable;

/**
 * A Stripe price as XSEN last learned it: {@code unitAmount} in the currency's smallest
 * unit every {@code intervalCount} {@code interval}s.
 *
 * @param unitAmount {@code null} for a price that is not per unit (tiered, metered)
 * @param interval {@code day}, {@code week}, {@code month} or {@code year}; {@code null}
 * for a one-time price
 * @param active {@code false} once archived: still billing those who hold it
 */
public record CatalogPrice(String id, String productId, boolean active, boolean deleted, @Nullable String currency,
		@Nullable Long unitAmount, @Nullable String interval, int intervalCount, @Nullable String lookupKey,
		@Nullable String nickname) {

	private static final double WEEKS_PER_MONTH = 52.0 / 12;

	private static final double DAYS_PER_MONTH = 365.0 / 12;

	/**
	 * What {@code quantity} units bring in per month, in the currency's smallest unit: a
	 * yearly price counts a twelfth; {@code null} without a fixed amount or interval.
	 */
	public @Nullable Double monthlyAmount(long quantity) {
		return (this.unitAmount != null && this.interval != null)
				? monthly(this.unitAmount * quantity, this.interval, this.intervalCount) : null;
	}

	/**
	 * {@code amount} charged every {@code intervalCount} {@code interval}s, per month;
	 * {@code null} for an interval Stripe does not have.
	 */
	public static @Nullable Double monthly(long amount, String interval, int intervalCount) {
		double perInterval = (double) amount / Math.max(intervalCount, 1);
		return switch (interval) {
			case "month" -> perInterval;
			case "year" -> perInterval / 12;
			case "week" -> perInterval * WEEKS_PER_MONTH;
			case "day" -> perInterval * DAYS_PER_MONTH;
			default -> null;
		};
	}

	/** Whether it is still offered: neither archived nor deleted. */
	public boolean offered() {
		return this.active && !this.deleted;
	}

}
