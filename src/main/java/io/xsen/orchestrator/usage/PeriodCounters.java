package io.xsen.orchestrator.usage;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The shared counters of the period quota, one per subscription and billing period, that
 * every instance reserves blocks of messages from and records what it served on.
 */
interface PeriodCounters {

	/**
	 * Reserves a block of the period's messages, handing back {@code returned} unspent
	 * units first. A counter found used up is marked wanted, so that other instances hand
	 * back what their idle leases hold.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	Grant reserve(UsagePeriod period, @Nullable String tier, long limit, long returned);

	/**
	 * Records what instances served and handed back, in one step for periods that are all
	 * distinct.
	 * @return each period's messages used after it
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	List<Settled> settle(List<PeriodSettlement> settlements);

	/**
	 * The periods whose counter an instance found used up after {@code since}, oldest
	 * first.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	List<Wanted> wantedSince(Instant since);

	/**
	 * What a reservation handed out.
	 *
	 * @param reserved the counter's reserved total after it, on every instance together
	 * @param granted the units it gave this instance
	 */
	record Grant(long reserved, long granted) {
	}

	/**
	 * A period's messages used after a settlement.
	 */
	record Settled(String subscriptionId, long periodStart, long messagesUsed) {
	}

	/**
	 * A period whose counter an instance found used up, and when.
	 */
	record Wanted(String subscriptionId, Instant periodStart, Instant at) {
	}

}
