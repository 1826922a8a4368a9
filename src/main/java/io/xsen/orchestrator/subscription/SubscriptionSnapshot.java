package io.xsen.orchestrator.subscription;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A Stripe subscription as one event (or one API read) showed it.
 *
 * @param items the subscription's items in Stripe's order, each with its price and, since
 * API 2025-03-31, its own period
 * @param currentPeriodStart the subscription's own period start, as API versions before
 * 2025-03-31 show it; {@code null} in the current shape, where each item has its own
 * @param currentPeriodEnd the subscription's own period end, likewise
 * @param prices what each item's price charges, where Stripe said
 * @param startedAt Stripe's {@code start_date}
 * @param canceledAt when the cancellation was asked for, even one at the period's end
 * @param endedAt when the subscription ended
 */
public record SubscriptionSnapshot(String subscriptionId, String customerId, String status,
		List<SubscriptionItem> items, @Nullable Instant currentPeriodStart, @Nullable Instant currentPeriodEnd,
		boolean cancelAtPeriodEnd, List<SubscriptionPrice> prices, @Nullable Instant startedAt,
		@Nullable Instant canceledAt, @Nullable Instant endedAt) {

	/**
	 * The same subscription in another status, as a deletion event implies.
	 */
	public SubscriptionSnapshot withStatus(String status) {
		return new SubscriptionSnapshot(this.subscriptionId, this.customerId, status, this.items,
				this.currentPeriodStart, this.currentPeriodEnd, this.cancelAtPeriodEnd, this.prices, this.startedAt,
				this.canceledAt, this.endedAt);
	}

	/**
	 * The same subscription billed on {@code item}'s period, which quotas, usage, meter
	 * reports and the token's expiry follow; the subscription's own period where the item
	 * has none (API versions before 2025-03-31).
	 */
	SubscriptionSnapshot billedOn(@Nullable SubscriptionItem item) {
		if (item == null) {
			return this;
		}
		return new SubscriptionSnapshot(this.subscriptionId, this.customerId, this.status, this.items,
				(item.currentPeriodStart() != null) ? item.currentPeriodStart() : this.currentPeriodStart,
				(item.currentPeriodEnd() != null) ? item.currentPeriodEnd() : this.currentPeriodEnd,
				this.cancelAtPeriodEnd, this.prices, this.startedAt, this.canceledAt, this.endedAt);
	}

}
