package io.xsen.orchestrator.usage;

/**
 * The instances sharing a clock minute (its epoch second) and this instance's position
 * among them, -1 when it is not one of them.
 */
record MinuteShares(long minute, int instances, int position) {

	/** The instances' shares together cover the limit divided by this. */
	static final long SHARED_PARTS = 2;

	boolean mine() {
		return this.position >= 0;
	}

	/** This instance's bit in a counter's mask of the instances holding a share. */
	long bit() {
		return 1L << this.position;
	}

	/**
	 * Each instance's share of a customer's minute under {@code limit}, as
	 * {@code usage_share} (V18) counts it: the shares cover half the limit, so that an
	 * instance that crashes, whose share cannot be handed back, leaves the other half on
	 * the counter for its replacement.
	 */
	long each(long limit) {
		return (this.instances > 0) ? limit / (SHARED_PARTS * this.instances) : 0;
	}

	/** The same minute, this instance no longer among those serving it. */
	MinuteShares withdrawn() {
		return new MinuteShares(this.minute, this.instances, -1);
	}

}
