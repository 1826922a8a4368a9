package io.xsen.orchestrator.usage;

/**
 * One customer's requests on this instance in the clock minute it is in: what it served
 * from its own share of the minute, units reserved from the customer's minute counter and
 * not yet spent, and what was seen of the counter. One small object per customer, since
 * an instance may serve a hundred thousand customers at once. Callers hold its lock.
 */
final class CustomerMinutes {

	/** The minute the fields are about, in epoch seconds. */
	long minute;

	/** The limit the units were reserved under; a changed limit drops them. */
	long limit;

	long unspent;

	/** The counter's reserved total, on every instance together, as last seen. */
	long reservedEverywhere;

	/** What this instance spent of the minute. */
	long spentHere;

	/** What this instance served from its share of the minute. */
	int fromShare;

	/** The instances that had handed their share back, as last seen. */
	int releases;

	/** Whether this instance asked PostgreSQL for the minute. */
	boolean asked;

	/** Whether this instance handed its share back: the counter serves the rest. */
	boolean shareClosed;

	/** Whether a request waited for other instances' shares this minute. */
	boolean waited;

	CustomerMinutes(long minute, long limit) {
		this.minute = minute;
		this.limit = limit;
	}

	/**
	 * Moves on to a later minute. A request of a minute already left spends from this
	 * one.
	 */
	void moveTo(long later) {
		if (later <= this.minute) {
			return;
		}
		this.minute = later;
		this.unspent = 0;
		this.reservedEverywhere = 0;
		this.spentHere = 0;
		this.fromShare = 0;
		this.releases = 0;
		this.asked = false;
		this.shareClosed = false;
		this.waited = false;
	}

	/** Takes a grant of this minute. */
	void granted(UsageCounters.Grant grant) {
		this.unspent += grant.granted();
		this.reservedEverywhere = Math.max(this.reservedEverywhere, grant.reserved());
		this.releases = Math.max(this.releases, grant.releases());
		this.asked = true;
	}

	/**
	 * What is left of this minute under the limit as far as this instance knows: before
	 * it asked the counter, it knows only what it served itself.
	 */
	long remaining() {
		return this.asked ? Math.max(0, this.limit - this.reservedEverywhere + this.unspent)
				: Math.max(0, this.limit - this.spentHere);
	}

}
