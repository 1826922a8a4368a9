package io.xsen.orchestrator.subscription;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A Stripe subscription as one event (or one API read) showed it.
 *
 * @param currentPeriodStart the start of the billing period, which quotas count from
 * @param prices what each of {@code priceIds} charges, where Stripe said
 * @param startedAt Stripe's {@code start_date}
 * @param canceledAt when the cancellation was asked for, even one at the period's end
 * @param endedAt when the subscription ended
 */
public record SubscriptionSnapshot(String subscriptionId, String customerId, String status, List<String> priceIds,
		@Nullable Instant currentPeriodStart, @Nullable Instant currentPeriodEnd, boolean cancelAtPeriodEnd,
		List<SubscriptionPrice> prices, @Nullable Instant startedAt, @Nullable Instant canceledAt,
		@Nullable Instant endedAt) {

	/**
	 * The same subscription in another status, as a deletion event implies.
	 */
	public SubscriptionSnapshot withStatus(String status) {
		return new SubscriptionSnapshot(this.subscriptionId, this.customerId, status, this.priceIds,
				this.currentPeriodStart, this.currentPeriodEnd, this.cancelAtPeriodEnd, this.prices, this.startedAt,
				this.canceledAt, this.endedAt);
	}

}
