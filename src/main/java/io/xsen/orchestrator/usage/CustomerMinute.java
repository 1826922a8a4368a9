package io.xsen.orchestrator.usage;

/**
 * One customer's requests on this instance in the clock minute it is in: units reserved
 * from the customer's minute counter and not yet spent, and what was seen of the counter.
 * One small object per customer, reused from minute to minute, since an instance may
 * serve a hundred thousand customers at once. Callers hold its lock.
 */
final class CustomerMinute {

	/** The minute the fields are about, in epoch seconds. */
	long minute;

	/** The limit the units were reserved under; a changed limit drops them. */
	long limit;

	long unspent;

	/** The counter's reserved total, on every instance together, as last seen. */
	long reservedEverywhere;

	/** What this instance spent of the minute. */
	long spentHere;

	/** Forgotten by the sweep: a request spends from the one that replaced it. */
	boolean retired;

	CustomerMinute(long minute, long limit) {
		this.minute = minute;
		this.limit = limit;
	}

	/**
	 * Moves on to a later minute, and drops the units reserved under another limit (a
	 * tier changed within the minute: what was reserved counts against the new limit).
	 */
	void moveTo(long later, long limit) {
		if (later > this.minute) {
			this.minute = later;
			this.unspent = 0;
			this.reservedEverywhere = 0;
			this.spentHere = 0;
		}
		if (this.minute == later && limit != this.limit) {
			this.limit = limit;
			this.unspent = 0;
		}
	}

	/** Whether the counter was found used up: minute units never come back. */
	boolean usedUp() {
		return this.unspent == 0 && this.reservedEverywhere >= this.limit;
	}

	/** Spends one unit: the requests left after it as far as this instance knows. */
	long spend() {
		this.unspent--;
		this.spentHere++;
		return remaining();
	}

	/**
	 * What is left of this minute under the limit as far as this instance knows: what no
	 * instance reserved, and its own unspent units.
	 */
	long remaining() {
		return Math.max(0, Math.min(this.limit - this.spentHere, this.limit - this.reservedEverywhere + this.unspent));
	}

}
