package io.xsen.orchestrator.subscription;

import java.time.Instant;

/**
 * The columns that place a stored subscription snapshot in Stripe's history.
 */
record StoredOrderRow(Instant stateCreated, String stateSource, Instant updatedAt) {

	StateOrder order() {
		return StateOrder.stored(this.stateCreated, StateOrder.Source.ofColumn(this.stateSource), this.updatedAt);
	}

}
