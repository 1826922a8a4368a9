package io.xsen.orchestrator.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * This instance's part in sharing the minutes with the others, on the schedule's thread
 * and at shutdown: claims a share of the next minute, hands back shares another instance
 * waits for, and hands back every share as it stops.
 */
@Component
class MinuteSharing {

	static final long CLAIM_AT_SECOND = 45;

	// A customer's share goes back once, before the departure, and nothing is claimed
	// after it.
	private final Object sharing = new Object();

	private final boolean claiming;

	private @Nullable Instant claimedAfter;

	private final MinuteLimit limit;

	private final MinuteCounters counters;

	private final UsageTime time;

	private final String instance;

	MinuteSharing(MinuteLimit limit, MinuteCounters counters, UsageTime time, MinuteInstance instance,
			UsageProperties properties) {
		this.limit = limit;
		this.counters = counters;
		this.time = time;
		this.instance = instance.id();
		// An instance that does not meter serves no share of anyone's minute.
		this.claiming = properties.metering();
	}

	/**
	 * Seals the minute as it begins, and claims a share of the next one once a minute
	 * from its {@value #CLAIM_AT_SECOND}th second.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	void shareMinutes() {
		Instant now = this.time.now();
		Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
		this.limit.shares(minute);
		if (!this.claiming || this.limit.withdrawn() || Duration.between(minute, now).toSeconds() < CLAIM_AT_SECOND
				|| minute.equals(this.claimedAfter)) {
			return;
		}
		synchronized (this.sharing) {
			if (this.limit.withdrawn()) {
				return;
			}
			claim(minute.plusSeconds(60));
		}
		this.claimedAfter = minute;
	}

	/**
	 * Claims this instance's share of a minute that is not sealed yet.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	void claim(Instant minute) {
		this.counters.claim(minute, this.instance);
	}

	/**
	 * Takes this instance out of the minutes it claimed, as it stops, after its last
	 * request: out of those not sealed yet, and out of those sealed by handing its shares
	 * back, keeping on each customer's counter what it spent. A share nobody serves would
	 * hold back that part of every customer's minute, and an instance started meanwhile,
	 * which has no share, would find the counters dry.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	void depart() {
		synchronized (this.sharing) {
			this.limit.withdraw();
			this.counters.withdrawClaims(this.instance);
			for (MinuteShares claimed : this.counters.sealedClaims(this.instance, this.time.currentMinute())) {
				this.counters.depart(claimed, closeShares(claimed));
			}
		}
	}

	// Closes this instance's share of the minute for every customer it served in it: what
	// it spent of the share, under which limit. A share closed already may not be back
	// (its statement may have failed): handing back happens once per bit, so it is tried
	// again.
	private Map<String, MinuteCounters.Served> closeShares(MinuteShares shares) {
		Map<String, MinuteCounters.Served> served = new HashMap<>();
		this.limit.forEachCustomer((customerId, customer) -> {
			synchronized (customer) {
				if (customer.minute == shares.minute()) {
					customer.shareClosed = true;
					served.put(customerId, new MinuteCounters.Served(customer.limit, customer.fromShare));
				}
			}
		});
		return served;
	}

	/**
	 * Hands back this instance's share of the current minute for every customer whose
	 * counter another instance found dry: the unused units go to the counter, and this
	 * instance serves the customer from the counter for the rest of the minute.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	void releaseAwaitedShares() {
		MinuteShares known = this.limit.current();
		if (known != null && known.minute() == this.time.currentMinute().getEpochSecond()) {
			releaseAwaitedShares(known);
		}
	}

	/** As {@link #releaseAwaitedShares()}, for the minute given. */
	void releaseAwaitedShares(MinuteShares shares) {
		synchronized (this.sharing) {
			if (!shares.mine() || this.limit.withdrawn()) {
				return;
			}
			Instant minute = Instant.ofEpochSecond(shares.minute());
			Map<String, Long> unused = new HashMap<>();
			this.counters.awaitingShares(minute, shares.bit())
				.forEach((customerId, limit) -> closeAwaitedShare(customerId, limit, shares, unused));
			if (!unused.isEmpty()) {
				this.counters.releaseShares(minute, shares.bit(), unused);
			}
		}
	}

	// Closed before the statement: if it fails, the share is under-used here, and the
	// departure hands it back.
	private void closeAwaitedShare(String customerId, long limit, MinuteShares shares, Map<String, Long> unused) {
		while (true) {
			CustomerMinute customer = this.limit.customer(customerId, shares.minute(), limit);
			synchronized (customer) {
				if (customer.retired) {
					continue;
				}
				customer.moveTo(shares.minute());
				if (customer.minute == shares.minute() && !customer.shareClosed) {
					customer.shareClosed = true;
					unused.put(customerId, Math.max(0, shares.each(limit) - customer.fromShare));
				}
				return;
			}
		}
	}

}
