package io.xsen.orchestrator.usage;

/**
 * One customer's requests on this instance, for the clock minute it is in and the one
 * after: units reserved from the customer's minute counter and not yet spent, and what
 * was seen of the counter. One object per customer, the minute after kept inline, since
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

	/** What this instance reserved of the minute. */
	long reservedHere;

	/** What this instance spent of the minute. */
	long spentHere;

	/**
	 * Whether this instance asked PostgreSQL for the minute, or holds units reserved
	 * ahead.
	 */
	boolean asked;

	private long nextLimit;

	private long nextUnspent;

	private long nextReservedEverywhere;

	private long nextReservedHere;

	CustomerMinutes(long minute, long limit) {
		this.minute = minute;
		this.limit = limit;
	}

	/**
	 * Moves on to a later minute; the minute after takes over what was reserved for it
	 * ahead. A request of a minute already left spends from this one.
	 */
	void moveTo(long later) {
		if (later <= this.minute) {
			return;
		}
		boolean following = later == this.minute + 60 && this.nextReservedHere > 0;
		this.limit = following ? this.nextLimit : this.limit;
		this.unspent = following ? this.nextUnspent : 0;
		this.reservedEverywhere = following ? this.nextReservedEverywhere : 0;
		this.reservedHere = following ? this.nextReservedHere : 0;
		this.asked = following;
		this.spentHere = 0;
		this.minute = later;
		this.nextLimit = 0;
		this.nextUnspent = 0;
		this.nextReservedEverywhere = 0;
		this.nextReservedHere = 0;
	}

	/** Takes a grant of this minute. */
	void granted(UsageCounters.Grant grant) {
		this.unspent += grant.granted();
		this.reservedHere += grant.granted();
		this.reservedEverywhere = Math.max(this.reservedEverywhere, grant.reserved());
		this.asked = true;
	}

	/** Takes a grant of the minute after, reserved ahead under {@code underLimit}. */
	void grantedAhead(long underLimit, UsageCounters.Grant grant) {
		this.nextLimit = underLimit;
		this.nextUnspent += grant.granted();
		this.nextReservedHere += grant.granted();
		this.nextReservedEverywhere = Math.max(this.nextReservedEverywhere, grant.reserved());
	}

	/** Whether units are reserved ahead for the minute after. */
	boolean heldAhead() {
		return this.nextReservedHere > 0;
	}

	/**
	 * What is left of this minute under the limit as far as this instance knows.
	 */
	long remaining() {
		return Math.max(0, this.limit - this.reservedEverywhere + this.unspent);
	}

	/**
	 * What is left of the minute after, as far as this instance knows.
	 */
	long remainingAhead(long underLimit) {
		return (this.nextReservedHere > 0 && this.nextLimit == underLimit)
				? Math.max(0, underLimit - this.nextReservedEverywhere + this.nextUnspent) : underLimit;
	}

}
