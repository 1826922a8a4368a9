package io.xsen.orchestrator.usage;

/**
 * This instance's share of one shared counter: units reserved in PostgreSQL and not yet
 * spent here, and what was spent here since the last settlement. Callers hold its lock.
 */
class Lease {

	/** The limit the units were reserved under; a changed limit hands them back. */
	long limit;

	long unspent;

	/**
	 * The counter's reserved total, on every instance together, at the last reservation.
	 */
	long reservedEverywhere;

	/** Spent here and not yet recorded as used. */
	long spentUnsettled;

	/** When a unit was last spent or handed back, in {@link System#nanoTime()}. */
	long touchedNanos;

	Lease(long limit) {
		this.limit = limit;
	}

	/**
	 * What is left under the limit as far as this instance knows: everything not
	 * reserved, and its own unspent units.
	 */
	long remaining() {
		return Math.max(0, this.limit - this.reservedEverywhere + this.unspent);
	}

}
