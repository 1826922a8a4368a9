package io.xsen.orchestrator.usage;

import org.jspecify.annotations.Nullable;

/**
 * One period's change on this instance since its last settlement: what it served, to
 * record as used (and report to Stripe), and the unspent units it hands back.
 *
 * @param spent messages served
 * @param spentUnreserved messages served under an unlimited tier, which reserved nothing
 * @param handedBack unspent units handed back
 */
record PeriodSettlement(UsagePeriod period, @Nullable String tier, long spent, long spentUnreserved, long handedBack) {

	/** How the counter's reserved total changes. */
	long reservedChange() {
		return this.spentUnreserved - this.handedBack;
	}

	PeriodSettlement plus(PeriodSettlement later) {
		return new PeriodSettlement(later.period, later.tier, this.spent + later.spent,
				this.spentUnreserved + later.spentUnreserved, this.handedBack + later.handedBack);
	}

	/** What a settlement takes of the spending. */
	enum Taking {

		/** Spending that has waited {@code XSEN_USAGE_SETTLE_AFTER}: the schedule's. */
		DUE,

		/** All spending now, for a read that must see it. */
		SPENT,

		/** All spending and every unspent unit: the instance stops. */
		EVERYTHING

	}

}
