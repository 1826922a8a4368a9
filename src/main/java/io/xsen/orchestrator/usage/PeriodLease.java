package io.xsen.orchestrator.usage;

import org.jspecify.annotations.Nullable;

/**
 * This instance's lease on one subscription's period counter: units reserved in
 * PostgreSQL and not yet spent here, and what was spent here since the last settlement.
 * Callers hold its lock.
 */
final class PeriodLease {

	UsagePeriod period;

	@Nullable String tier;

	/** The limit the units were reserved under; a changed limit hands them back. */
	long limit = -1;

	long unspent;

	/**
	 * The counter's reserved total, on every instance together, at the last reservation.
	 */
	long reservedEverywhere;

	/** Spent here and not yet recorded as used. */
	long spentUnsettled;

	/** Spent under an unlimited tier and not yet recorded as reserved. */
	long unlimitedSpent;

	/** When a unit was last spent or handed back, in {@link UsageTime#nanoTime()}. */
	long touchedNanos;

	/** When the counter was last asked, in {@link UsageTime#nanoTime()}. */
	long askedNanos;

	/** Reservations in flight for this lease. */
	int reserving;

	/**
	 * Removed from the instance's leases: spending goes to the lease that replaced it.
	 */
	boolean retired;

	/** Another instance found the counter used up: idle units go back. */
	boolean wanted;

	/** Waiting in the queue of leases to settle. */
	boolean queued;

	/** When it was queued, in {@link UsageTime#nanoTime()}. */
	long queuedNanos;

	PeriodLease(UsagePeriod period) {
		this.period = period;
	}

	/**
	 * What is left under the limit as far as this instance knows: everything not
	 * reserved, and its own unspent units.
	 */
	long remaining() {
		return Math.max(0, this.limit - this.reservedEverywhere + this.unspent);
	}

}
