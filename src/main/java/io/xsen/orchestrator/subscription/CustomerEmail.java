package io.xsen.orchestrator.subscription;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The email Stripe holds for a customer, as XSEN last heard it from the customer itself
 * (a {@code customer.updated} event or a read of the customer), with the order of that
 * fact.
 *
 * @param email the address, {@code null} when the customer has none in Stripe
 * @param lastEventId the event or read that set it, to tell a replay from a tie
 */
record CustomerEmail(String customerId, @Nullable String email, Instant stateCreated, String stateSource,
		@Nullable String lastEventId, Instant updatedAt) {

	StateOrder order() {
		return StateOrder.stored(this.stateCreated, StateOrder.Source.ofColumn(this.stateSource), this.updatedAt);
	}

	/**
	 * This customer's email as a newer fact shows it.
	 */
	CustomerEmail replacedBy(@Nullable String email, StateOrder order, String source, Instant now) {
		// A read answered with a clock behind the stored event's must not let that
		// event's older siblings in again.
		Instant created = this.stateCreated.isAfter(order.created()) ? this.stateCreated : order.created();
		return new CustomerEmail(this.customerId, email, created, order.source().column(), source, now);
	}

	static CustomerEmail first(String customerId, @Nullable String email, StateOrder order, String source,
			Instant now) {
		return new CustomerEmail(customerId, email, order.created(), order.source().column(), source, now);
	}

}
