package io.xsen.orchestrator.subscription;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Where an event stands in a subscription's history: Stripe's {@code created} second,
 * then a rank that settles events sharing that second in the order Stripe emits them for
 * one change.
 */
public record StateOrder(Instant created, int rank) implements Comparable<StateOrder> {

	@Override
	public int compareTo(StateOrder other) {
		int byCreated = this.created.compareTo(other.created);
		return (byCreated != 0) ? byCreated : Integer.compare(this.rank, other.rank);
	}

	/**
	 * Whether this event is newer than the one already applied (none applied yet counts
	 * as oldest).
	 */
	boolean isAfter(@Nullable StateOrder applied) {
		return applied == null || compareTo(applied) > 0;
	}

}
