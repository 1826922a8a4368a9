package io.xsen.orchestrator.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The period quota: spends a subscription's messages from this instance's lease on the
 * period's counter, going to PostgreSQL only when the lease runs dry, and takes what the
 * leases spent and hand back for the settlement to record.
 *
 * <p>
 * Units a lease holds count as reserved on every instance, so the instances together
 * never serve more than the quota. A lease idle for five seconds near the limit, or
 * wanted by an instance that found the counter used up, hands its unspent units back;
 * every lease does after ten idle minutes, when its period ends and when the instance
 * stops.
 */
@Component
class PeriodQuota {

	static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);

	// Units a lease holds far from the limit wait this long for the customer to come back
	// before going back to the counter: a customer chatting every few minutes costs no
	// statement. An instance that finds the counter used up asks for them sooner
	// (wanted).
	static final long LONG_IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);

	// A counter found used up is asked again at most this often: another instance may
	// hand units back, but a customer over quota must not cost a statement per request.
	static final long EXHAUSTED_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

	// Every lease is looked at this often, for what idles; in between, a settlement takes
	// only the leases that spent and those another instance wants.
	static final long SCAN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

	private final Map<Key, PeriodLease> leases = new ConcurrentHashMap<>();

	// Leases with spending to settle, each at most once (only its drain unqueues one), in
	// the order they first spent since their last settlement.
	private final Queue<PeriodLease> unsettled = new ConcurrentLinkedQueue<>();

	// Leases holding a settlement that could not be recorded: due at the next one.
	private final Queue<PeriodLease> restored = new ConcurrentLinkedQueue<>();

	// Leases another instance wants the idle units of, until they go back.
	private final Set<PeriodLease> wanted = ConcurrentHashMap.newKeySet();

	// Spending waits this long in a lease before it is recorded, so that one row takes a
	// customer's messages of that time (XSEN_USAGE_SETTLE_AFTER).
	private final long settleAfterNanos;

	private final PeriodCounters counters;

	private final UsageTime time;

	private long scannedNanos;

	PeriodQuota(PeriodCounters counters, UsageTime time, UsageProperties properties) {
		this.counters = counters;
		this.time = time;
		this.settleAfterNanos = properties.settleAfter().toNanos();
		this.scannedNanos = time.nanoTime();
	}

	/**
	 * Spends one message of the period.
	 * @param limit the tier's messages per period, {@code null} for unlimited
	 * @return the spent unit, or {@code null} when the quota is used up
	 * @throws org.springframework.dao.DataAccessException when the lease is dry and
	 * PostgreSQL cannot answer
	 */
	@Nullable Spent spend(UsagePeriod period, @Nullable String tier, @Nullable Long limit) {
		while (true) {
			PeriodLease lease = lease(period);
			Ask ask;
			synchronized (lease) {
				if (lease.retired) {
					continue;
				}
				// Only a change is stored (docs/PERFORMANCE.md, "Leases and the
				// collector").
				if (!lease.period.equals(period)) {
					lease.period = period;
				}
				if (!Objects.equals(lease.tier, tier)) {
					lease.tier = tier;
				}
				lease.touchedNanos = this.time.nanoTime();
				if (limit == null) {
					lease.unlimitedSpent++;
					spent(lease, 1);
					return new Spent(lease, null);
				}
				if (lease.limit == limit && lease.unspent > 0) {
					return spendUnit(lease);
				}
				if (lease.limit == limit && !mayAsk(lease)) {
					return null;
				}
				ask = ask(lease, limit);
			}
			// No lock is held while PostgreSQL answers: the customer's other requests on
			// this
			// instance spend what the lease holds, or ask for their own block.
			PeriodCounters.Grant grant = reserve(lease, ask);
			synchronized (lease) {
				lease.reserving--;
				lease.limit = limit;
				lease.unspent += grant.granted();
				lease.reservedEverywhere = grant.reserved();
				lease.askedNanos = this.time.nanoTime();
				if (lease.unspent > 0) {
					return spendUnit(lease);
				}
				if (grant.granted() == 0) {
					return null;
				}
				// The customer's other requests took the block: ask again.
			}
		}
	}

	// Called under the lease's lock.
	private Spent spendUnit(PeriodLease lease) {
		lease.unspent--;
		spent(lease, 1);
		return new Spent(lease, lease.remaining());
	}

	// Called under the lease's lock: takes out of the lease what the reservation hands
	// back (all unspent units under a changed limit) and what it records as reserved (the
	// messages spent under an unlimited tier).
	private Ask ask(PeriodLease lease, long limit) {
		long handedBack = (lease.limit != limit) ? lease.unspent : 0;
		Ask ask = new Ask(lease.period, lease.tier, limit, handedBack, lease.unlimitedSpent);
		lease.unspent -= handedBack;
		lease.unlimitedSpent = 0;
		lease.reserving++;
		return ask;
	}

	private PeriodCounters.Grant reserve(PeriodLease lease, Ask ask) {
		try {
			return this.counters.reserve(ask.period(), ask.tier(), ask.limit(), ask.handedBack() - ask.unlimited());
		}
		catch (RuntimeException ex) {
			synchronized (lease) {
				lease.reserving--;
				// The units handed back may be back already: they are not spent here. The
				// messages spent unlimited are recorded as reserved with the next ask.
				lease.unlimitedSpent += ask.unlimited();
			}
			throw ex;
		}
	}

	/** Hands a message back, for a request that failed after spending it. */
	void refund(Spent spent) {
		PeriodLease lease = spent.lease();
		while (true) {
			synchronized (lease) {
				if (!lease.retired) {
					spent(lease, -1);
					if (spent.remaining() == null) {
						lease.unlimitedSpent--;
					}
					else {
						lease.unspent++;
					}
					return;
				}
			}
			lease = lease(lease.period);
		}
	}

	/** What this instance spent on the period and has not settled yet. */
	long unsettled(UsagePeriod period) {
		PeriodLease lease = this.leases.get(Key.of(period));
		if (lease == null) {
			return 0;
		}
		synchronized (lease) {
			return lease.spentUnsettled;
		}
	}

	/** The units this instance holds unspent on the period. */
	long unspent(UsagePeriod period) {
		PeriodLease lease = this.leases.get(Key.of(period));
		if (lease == null) {
			return 0;
		}
		synchronized (lease) {
			return lease.unspent;
		}
	}

	/**
	 * Marks the leases on periods another instance found used up: their units go back
	 * with the next settlement once the lease is idle.
	 */
	void wanted(List<PeriodCounters.Wanted> periods) {
		for (PeriodCounters.Wanted period : periods) {
			PeriodLease lease = this.leases.get(new Key(period.subscriptionId(), period.periodStart()));
			if (lease != null) {
				synchronized (lease) {
					lease.wanted = true;
				}
				this.wanted.add(lease);
			}
		}
	}

	/**
	 * Takes, for one settlement, what leases spent (once it has waited
	 * {@code XSEN_USAGE_SETTLE_AFTER}, or at once as {@code taking} says) and the unspent
	 * units of leases idle near the limit, wanted, long idle or past their period (of all
	 * leases when taking everything); forgets idle empty leases. Idle leases are looked
	 * for every {@link #SCAN_EVERY_NANOS}, those another instance wants at every
	 * settlement. Settlements take one at a time ({@link UsageSettlement}).
	 */
	List<PeriodSettlement> takeSettlements(PeriodSettlement.Taking taking) {
		long now = this.time.nanoTime();
		Instant instant = this.time.now();
		boolean everything = taking == PeriodSettlement.Taking.EVERYTHING;
		// One row per period, since a statement may not change a row twice: a lease that
		// spends again after it was taken is taken again, and a lease that replaced a
		// retired one settles with it.
		Map<Key, PeriodSettlement> taken = new HashMap<>();
		for (PeriodLease lease = this.restored.poll(); lease != null; lease = this.restored.poll()) {
			take(lease, now, instant, everything, Pass.RESTORED, taken);
		}
		// At most those queued as the settlement began, oldest first; one queued since
		// waits for the next.
		for (int queued = this.unsettled.size(); queued > 0; queued--) {
			PeriodLease lease = this.unsettled.peek();
			if (lease == null
					|| (taking == PeriodSettlement.Taking.DUE && now - queuedNanos(lease) < this.settleAfterNanos)) {
				break;
			}
			this.unsettled.poll();
			take(lease, now, instant, everything, Pass.QUEUED, taken);
		}
		this.wanted.removeIf(lease -> !take(lease, now, instant, everything, Pass.WANTED, taken));
		if (everything || now - this.scannedNanos >= SCAN_EVERY_NANOS) {
			this.scannedNanos = now;
			for (PeriodLease lease : this.leases.values()) {
				take(lease, now, instant, everything, Pass.SCAN, taken);
			}
		}
		List<PeriodSettlement> settlements = new ArrayList<>(taken.values());
		// One order on every instance, so two settlements never wait on each other's
		// rows.
		settlements.sort(Comparator.comparing((PeriodSettlement settlement) -> settlement.period().subscriptionId())
			.thenComparing(settlement -> settlement.period().start()));
		return settlements;
	}

	/** Puts back a settlement that could not be recorded, to go with the next one. */
	void restore(PeriodSettlement settlement) {
		while (true) {
			PeriodLease lease = lease(settlement.period());
			synchronized (lease) {
				if (lease.retired) {
					continue;
				}
				lease.touchedNanos = this.time.nanoTime();
				spent(lease, settlement.spent());
				lease.unlimitedSpent += settlement.spentUnreserved();
				lease.unspent += settlement.handedBack();
				lease.reservedEverywhere += settlement.handedBack();
				// Due at once, not after another XSEN_USAGE_SETTLE_AFTER.
				this.restored.add(lease);
				return;
			}
		}
	}

	// Adds the lease's settlement, if it has one, and retires it when idle and empty on a
	// scan. Returns whether another instance still wants its units.
	private boolean take(PeriodLease lease, long now, Instant instant, boolean everything, Pass pass,
			Map<Key, PeriodSettlement> taken) {
		synchronized (lease) {
			// Taken by another pass, a lease still in the queue stays marked, so a spend
			// does not queue it twice.
			if (pass == Pass.QUEUED) {
				lease.queued = false;
			}
			if (lease.retired) {
				return false;
			}
			boolean idle = now - lease.touchedNanos > IDLE_NANOS;
			boolean ended = !instant.isBefore(lease.period.end());
			// Near the limit (as last seen) the units held here are soon what other
			// instances need; further from it they may reserve their own, and a customer
			// who comes back finds a lease that needs no statement.
			boolean nearLimit = lease.limit - lease.reservedEverywhere <= lease.unspent;
			boolean longIdle = now - lease.touchedNanos > LONG_IDLE_NANOS;
			long handedBack = (everything || ended || longIdle || (idle && (nearLimit || lease.wanted))) ? lease.unspent
					: 0;
			lease.wanted = lease.wanted && handedBack == 0;
			boolean spending = lease.spentUnsettled != 0 || lease.unlimitedSpent != 0;
			// Elsewhere spending waits in the queue, unless units go back with it.
			boolean spendingDue = everything || pass == Pass.QUEUED || pass == Pass.RESTORED;
			if (handedBack != 0 || (spending && spendingDue)) {
				taken.merge(Key.of(lease.period), new PeriodSettlement(lease.period, lease.tier, lease.spentUnsettled,
						lease.unlimitedSpent, handedBack), PeriodSettlement::plus);
				lease.spentUnsettled = 0;
				lease.unlimitedSpent = 0;
				lease.unspent -= handedBack;
				lease.reservedEverywhere -= handedBack;
			}
			else if (pass == Pass.SCAN && (idle || ended) && lease.unspent == 0 && !spending && lease.reserving == 0) {
				lease.retired = true;
				this.leases.remove(Key.of(lease.period), lease);
			}
			return lease.wanted;
		}
	}

	// Called under the lease's lock.
	private void spent(PeriodLease lease, long units) {
		lease.spentUnsettled += units;
		if (!lease.queued) {
			lease.queued = true;
			lease.queuedNanos = this.time.nanoTime();
			this.unsettled.add(lease);
		}
	}

	private static long queuedNanos(PeriodLease lease) {
		synchronized (lease) {
			return lease.queuedNanos;
		}
	}

	private PeriodLease lease(UsagePeriod period) {
		return this.leases.computeIfAbsent(Key.of(period), key -> new PeriodLease(period));
	}

	private boolean mayAsk(PeriodLease lease) {
		return lease.reservedEverywhere < lease.limit
				|| this.time.nanoTime() - lease.askedNanos > EXHAUSTED_RECHECK_NANOS;
	}

	/**
	 * A spent message, to hand back if the request fails.
	 *
	 * @param remaining the period's messages left after it, {@code null} when unlimited
	 */
	record Spent(PeriodLease lease, @Nullable Long remaining) {
	}

	private record Ask(UsagePeriod period, @Nullable String tier, long limit, long handedBack, long unlimited) {
	}

	private record Key(String subscriptionId, Instant start) {

		static Key of(UsagePeriod period) {
			return new Key(period.subscriptionId(), period.start());
		}

	}

	/**
	 * How a settlement came to a lease: drained from the queue of leases that spent,
	 * holding a settlement that could not be recorded, wanted by another instance, or the
	 * look through all leases.
	 */
	private enum Pass {

		QUEUED, RESTORED, WANTED, SCAN

	}

}
