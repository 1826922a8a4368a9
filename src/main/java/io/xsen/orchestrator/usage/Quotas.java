package io.xsen.orchestrator.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Spends a customer's messages and requests from leases on the shared counters, going to
 * PostgreSQL only when a lease runs dry: the hot path of metering.
 *
 * <p>
 * Units a lease holds count as reserved on every instance, so the instances together
 * never serve more than a limit; a lease idle for five seconds near the limit hands its
 * unspent units back for the others, and every lease does when its period ends.
 */
@Component
class Quotas {

	static final long AHEAD_AT_SECOND = 45;

	private static final int AHEAD_CHUNK = 2_000;

	static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);

	// Units a lease holds far from the limit wait this long for the customer to come back
	// before going back to the counter, for an instance the customer's traffic moved to.
	static final long LONG_IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

	// A counter found used up is asked again at most this often: another instance may
	// hand units back, but a customer over quota must not cost a statement per request.
	private static final long EXHAUSTED_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final Map<PeriodKey, PeriodLease> periods = new ConcurrentHashMap<>();

	private final Map<String, CustomerMinutes> minutes = new ConcurrentHashMap<>();

	private final Instant started;

	private @Nullable Instant reservedAheadFor;

	private final UsageCounters counters;

	private final Clock clock;

	Quotas(UsageCounters counters, Clock clock) {
		this.counters = counters;
		this.clock = clock;
		this.started = clock.instant();
	}

	/**
	 * Spends one message of the period.
	 * @param limit the tier's messages per period, {@code null} for unlimited
	 * @return the spent unit, or {@code null} when the quota is used up
	 * @throws org.springframework.dao.DataAccessException when the lease is dry and
	 * PostgreSQL cannot answer
	 */
	@Nullable Spent spendMessage(UsagePeriod period, @Nullable String tier, @Nullable Long limit) {
		while (true) {
			PeriodLease lease = periodLease(period);
			synchronized (lease) {
				if (lease.retired) {
					continue;
				}
				lease.period = period;
				lease.tier = tier;
				lease.touchedNanos = System.nanoTime();
				if (limit == null) {
					lease.unlimitedSpent++;
					lease.spentUnsettled++;
					return new Spent(lease, null);
				}
				if (lease.limit != limit || (lease.unspent == 0 && mayAsk(lease))) {
					reserve(lease, limit);
				}
				if (lease.unspent == 0) {
					return null;
				}
				lease.unspent--;
				lease.spentUnsettled++;
				return new Spent(lease, lease.remaining());
			}
		}
	}

	/**
	 * Hands a message back, for a request that failed after spending it.
	 */
	void refund(Spent spent) {
		PeriodLease lease = spent.lease();
		while (true) {
			synchronized (lease) {
				if (!lease.retired) {
					lease.spentUnsettled--;
					if (spent.remaining() == null) {
						lease.unlimitedSpent--;
					}
					else {
						lease.unspent++;
					}
					return;
				}
			}
			lease = periodLease(lease.period);
		}
	}

	/**
	 * This instance's lease on the period, {@code null} when it holds none.
	 */
	@Nullable PeriodLease lease(UsagePeriod period) {
		return this.periods.get(new PeriodKey(period.subscriptionId(), period.start()));
	}

	/**
	 * The units a lease holds unspent.
	 */
	static long unspent(PeriodLease lease) {
		synchronized (lease) {
			return lease.unspent;
		}
	}

	/**
	 * Spends one request of the customer's minute.
	 * @return the requests left in the minute after this one, or {@code -1} when the
	 * minute's limit is reached
	 * @throws org.springframework.dao.DataAccessException when the lease is dry and
	 * PostgreSQL cannot answer
	 */
	long spendRequest(String customerId, Instant minute, long limit) {
		long epochMinute = minute.getEpochSecond();
		CustomerMinutes minutes = this.minutes.computeIfAbsent(customerId,
				key -> new CustomerMinutes(epochMinute, limit));
		synchronized (minutes) {
			minutes.moveTo(epochMinute);
			if (minutes.limit != limit) {
				// A tier changed within the minute: what was reserved counts against the
				// new limit, and units held under the old one are dropped.
				minutes.limit = limit;
				minutes.unspent = 0;
			}
			// Minute units are never handed back, so a minute found used up stays so.
			if (minutes.unspent == 0 && (!minutes.asked || minutes.reservedEverywhere < limit)) {
				// As much again as spent here this minute: a busy customer doubles its
				// block and needs few statements a minute.
				minutes.granted(this.counters.reserveMinute(customerId, Instant.ofEpochSecond(minutes.minute), limit,
						Math.max(1, minutes.spentHere)));
			}
			if (minutes.unspent == 0) {
				return -1;
			}
			minutes.unspent--;
			minutes.spentHere++;
			return minutes.remaining();
		}
	}

	/**
	 * Reserves, once a minute from its {@value #AHEAD_AT_SECOND}th second on, the next
	 * minute's requests of every customer this instance served in this one, sized to what
	 * they spent here: a steady customer's requests then wait for no statement. What a
	 * customer does not spend is under-use, never over-service; the block is capped at
	 * this instance's share of the minute as last seen, so that instances sharing a
	 * customer do not crowd each other out.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	void reserveNextMinutes() {
		Instant now = this.clock.instant();
		Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
		if (Duration.between(minute, now).toSeconds() < AHEAD_AT_SECOND || minute.equals(this.reservedAheadFor)) {
			return;
		}
		this.reservedAheadFor = minute;
		// An instance started within the minute saw only part of it.
		reserveAfter(minute, Duration.between(this.started.isAfter(minute) ? this.started : minute, now).toSeconds());
	}

	/**
	 * Reserves the minute after {@code minute} for the customers served in it, as if
	 * {@code elapsed} seconds of it had passed.
	 */
	void reserveAfter(Instant minute, long elapsed) {
		long epochMinute = minute.getEpochSecond();
		Instant next = minute.plusSeconds(60);
		List<UsageCounters.MinuteAsk> asks = new ArrayList<>();
		this.minutes.forEach((customerId, minutes) -> {
			synchronized (minutes) {
				long wanted = (minutes.minute == epochMinute) ? aheadBlock(minutes, elapsed) : 0;
				if (wanted > 0) {
					asks.add(new UsageCounters.MinuteAsk(customerId, next, minutes.limit, wanted));
				}
			}
		});
		// In chunks: a hundred thousand customers in one statement would hold every row
		// and every answer in memory at once.
		for (int from = 0; from < asks.size(); from += AHEAD_CHUNK) {
			heldAhead(epochMinute, next,
					this.counters.reserveMinutesAhead(asks.subList(from, Math.min(asks.size(), from + AHEAD_CHUNK))));
		}
	}

	private void heldAhead(long epochMinute, Instant next, Map<UsageCounters.MinuteAsk, UsageCounters.Grant> grants) {
		grants.forEach((ask, grant) -> {
			if (grant.granted() == 0) {
				return;
			}
			CustomerMinutes minutes = this.minutes.computeIfAbsent(ask.customerId(),
					key -> new CustomerMinutes(epochMinute, ask.limit()));
			synchronized (minutes) {
				if (minutes.minute == epochMinute) {
					minutes.grantedAhead(ask.limit(), grant);
				}
				else if (minutes.minute == next.getEpochSecond() && minutes.limit == ask.limit()) {
					minutes.granted(grant);
				}
			}
		});
	}

	// Math.ceilDiv is Java 18.
	private static long ceilDiv(long dividend, long divisor) {
		return -Math.floorDiv(-dividend, divisor);
	}

	// A quarter more than the pace so far, and one, up to this instance's share.
	private static long aheadBlock(CustomerMinutes minutes, long elapsed) {
		if (minutes.spentHere == 0) {
			return 0;
		}
		long pace = ceilDiv(minutes.spentHere * 60 * 5, Math.max(1, elapsed) * 4) + 1;
		long share = (minutes.reservedEverywhere > minutes.reservedHere)
				? ceilDiv(minutes.limit * minutes.reservedHere, minutes.reservedEverywhere) : minutes.limit;
		return Math.min(pace, share);
	}

	/**
	 * The requests left in the customer's minute as this instance knows them, without
	 * spending one.
	 */
	long requestsLeft(String customerId, Instant minute, long limit) {
		CustomerMinutes minutes = this.minutes.get(customerId);
		if (minutes == null) {
			return limit;
		}
		long epochMinute = minute.getEpochSecond();
		synchronized (minutes) {
			if (minutes.minute == epochMinute) {
				return (minutes.limit == limit) ? minutes.remaining() : limit;
			}
			return (minutes.minute + 60 == epochMinute) ? minutes.remainingAhead(limit) : limit;
		}
	}

	/**
	 * The period's messages left as this instance knows them, without spending one;
	 * {@code null} when it holds no lease under this limit.
	 */
	@Nullable Long messagesLeft(UsagePeriod period, long limit) {
		PeriodLease lease = lease(period);
		if (lease == null) {
			return null;
		}
		synchronized (lease) {
			return (lease.limit == limit) ? lease.remaining() : null;
		}
	}

	/**
	 * What this instance spent on the period and has not settled yet.
	 */
	long unsettled(UsagePeriod period) {
		PeriodLease lease = lease(period);
		if (lease == null) {
			return 0;
		}
		synchronized (lease) {
			return lease.spentUnsettled;
		}
	}

	/**
	 * The clock minute now in.
	 */
	Instant currentMinute() {
		return this.clock.instant().truncatedTo(ChronoUnit.MINUTES);
	}

	/**
	 * Takes what every lease spent since the last settlement and the unspent units of
	 * leases idle for five seconds near the limit or past their period (of all leases
	 * when {@code everything}), for one settlement; forgets idle empty leases and the
	 * minutes that have passed.
	 */
	List<UsageCounters.Settlement> takeSettlements(boolean everything) {
		long now = System.nanoTime();
		Instant instant = this.clock.instant();
		List<UsageCounters.Settlement> settlements = new ArrayList<>();
		for (PeriodLease lease : this.periods.values()) {
			synchronized (lease) {
				boolean idle = now - lease.touchedNanos > IDLE_NANOS;
				boolean ended = !instant.isBefore(lease.period.end());
				// Near the limit (as last seen) the units held here are soon what other
				// instances need; further from it they may reserve their own, and a
				// customer who comes back within a minute finds a lease that needs no
				// statement.
				boolean nearLimit = lease.limit - lease.reservedEverywhere <= lease.unspent;
				boolean longIdle = now - lease.touchedNanos > LONG_IDLE_NANOS;
				long handedBack = (everything || ended || longIdle || (idle && nearLimit)) ? lease.unspent : 0;
				if (lease.spentUnsettled != 0 || handedBack != 0 || lease.unlimitedSpent != 0) {
					settlements.add(new UsageCounters.Settlement(lease.period, lease.tier, lease.spentUnsettled,
							lease.unlimitedSpent, handedBack));
					lease.spentUnsettled = 0;
					lease.unlimitedSpent = 0;
					lease.unspent -= handedBack;
					lease.reservedEverywhere -= handedBack;
				}
				else if ((idle || ended) && lease.unspent == 0) {
					lease.retired = true;
					this.periods.remove(new PeriodKey(lease.period.subscriptionId(), lease.period.start()), lease);
				}
			}
		}
		Instant minute = currentMinute();
		long current = minute.getEpochSecond();
		this.minutes.values().removeIf(minutes -> {
			synchronized (minutes) {
				return minutes.minute < current && !(minutes.minute + 60 == current && minutes.heldAhead());
			}
		});
		// One order on every instance, so two settlements never wait on each other's
		// rows.
		settlements
			.sort(Comparator.comparing((UsageCounters.Settlement settlement) -> settlement.period().subscriptionId())
				.thenComparing(settlement -> settlement.period().start()));
		return settlements;
	}

	/**
	 * Puts back a settlement that could not be recorded, to go with the next one.
	 */
	void restore(UsageCounters.Settlement settlement) {
		while (true) {
			PeriodLease lease = periodLease(settlement.period());
			synchronized (lease) {
				if (lease.retired) {
					continue;
				}
				lease.touchedNanos = System.nanoTime();
				lease.spentUnsettled += settlement.spent();
				lease.unlimitedSpent += settlement.spentUnreserved();
				lease.unspent += settlement.handedBack();
				lease.reservedEverywhere += settlement.handedBack();
				return;
			}
		}
	}

	private PeriodLease periodLease(UsagePeriod period) {
		return this.periods.computeIfAbsent(new PeriodKey(period.subscriptionId(), period.start()),
				key -> new PeriodLease(period));
	}

	private static boolean mayAsk(PeriodLease lease) {
		return lease.reservedEverywhere < lease.limit || System.nanoTime() - lease.askedNanos > EXHAUSTED_RECHECK_NANOS;
	}

	private void reserve(PeriodLease lease, long limit) {
		// Units spent under an unlimited tier were never reserved: they are now.
		long returned = lease.unspent - lease.unlimitedSpent;
		UsageCounters.Grant grant;
		try {
			grant = this.counters.reservePeriod(lease.period, lease.tier, limit, returned);
		}
		catch (RuntimeException ex) {
			// The statement may yet have handed the units back: they are not spent here.
			lease.unspent = 0;
			throw ex;
		}
		lease.unlimitedSpent = 0;
		lease.limit = limit;
		lease.unspent = grant.granted();
		lease.reservedEverywhere = grant.reserved();
		lease.askedNanos = System.nanoTime();
	}

	/**
	 * A lease on one subscription's period.
	 */
	static final class PeriodLease extends Lease {

		UsagePeriod period;

		@Nullable String tier;

		/** Spent under an unlimited tier and not yet recorded as reserved. */
		long unlimitedSpent;

		long askedNanos;

		/** Removed from the map: spending goes to the lease that replaced it. */
		boolean retired;

		PeriodLease(UsagePeriod period) {
			super(-1);
			this.period = period;
		}

	}

	/**
	 * A spent message, to hand back if the request fails.
	 *
	 * @param remaining the period's messages left after it, {@code null} when unlimited
	 */
	record Spent(PeriodLease lease, @Nullable Long remaining) {
	}

	private record PeriodKey(String subscriptionId, Instant start) {
	}

}
