package io.xsen.orchestrator.subscription;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The columns that place a stored subscription snapshot in Stripe's history.
 */
record StoredOrderRow(Instant stateCreated, String stateSource, Instant updatedAt, @Nullable String lastEventId) {

	StoredState state() {
		return new StoredState(
				StateOrder.stored(this.stateCreated, StateOrder.Source.ofColumn(this.stateSource), this.updatedAt),
				this.lastEventId);
	}

}
