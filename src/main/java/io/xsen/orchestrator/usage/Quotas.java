package io.xsen.orchestrator.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * unspent units back for the others at the next look through all leases (every five
 * seconds), and every lease does when its period ends.
 */
@Component
class Quotas {

	static final long CLAIM_AT_SECOND = 45;

	/** The instances' shares together cover the limit divided by this. */
	static final long SHARED_PARTS = 2;

	// A request finding the counter dry waits this long, at most, for shares handed back.
	private static final long SHARES_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

	private static final long SHARES_POLL_MILLIS = 200;

	private static final long MINUTE_ENDED = -2;

	private static final long FORGOTTEN = -3;

	static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);

	// Units a lease holds far from the limit wait this long for the customer to come back
	// before going back to the counter: a customer chatting every few minutes costs no
	// statement. Another instance that finds the counter used up asks for them sooner
	// (wanted).
	static final long LONG_IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);

	// A counter found used up is asked again at most this often: another instance may
	// hand units back, but a customer over quota must not cost a statement per request.
	private static final long EXHAUSTED_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

	// Every lease is looked at this often, for what idles; in between, a settlement
	// takes only the leases that spent and those another instance wants.
	static final long SCAN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

	private final Map<PeriodKey, PeriodLease> periods = new ConcurrentHashMap<>();

	private final Map<String, CustomerMinutes> minutes = new ConcurrentHashMap<>();

	/**
	 * Leases with spending to settle, each at most once (only its drain unqueues one), in
	 * the order they first spent since their last settlement.
	 */
	private final Queue<PeriodLease> unsettled = new ConcurrentLinkedQueue<>();

	/** Leases holding a settlement that could not be recorded: due at the next one. */
	private final Queue<PeriodLease> restored = new ConcurrentLinkedQueue<>();

	// Spending waits this long in a lease before it is recorded, so that one row takes a
	// customer's messages of that time instead of one row a second
	// (XSEN_USAGE_SETTLE_AFTER).
	private final long settleAfterNanos;

	/** Leases another instance wants the idle units of, until they go back. */
	private final Set<PeriodLease> wanted = ConcurrentHashMap.newKeySet();

	private long scannedNanos = System.nanoTime();

	/** This instance, in the minutes it claims a share of. */
	private final String instance = UUID.randomUUID().toString();

	private final boolean claiming;

	private final Object sealing = new Object();

	// Claims, hand-backs and the departure: a customer's share goes back once, with what
	// was spent of it, before the departure is marked, and nothing is claimed after it.
	private final Object sharing = new Object();

	/** Stopping: no more minutes are claimed, and shares go back only by departing. */
	private volatile boolean withdrawn;

	private volatile @Nullable MinuteShares shares;

	private @Nullable Instant claimedAfter;

	private final UsageCounters counters;

	private final Clock clock;

	private final MinuteDesign.Kind design;

	private final @Nullable Bucket4jMinutes bucket4j;

	Quotas(UsageCounters counters, Clock clock, UsageProperties properties) {
		this(counters, clock, properties, new MinuteDesign("shares"), null);
	}

	@org.springframework.beans.factory.annotation.Autowired
	Quotas(UsageCounters counters, Clock clock, UsageProperties properties, MinuteDesign design,
			@Nullable Bucket4jMinutes bucket4j) {
		this.counters = counters;
		this.clock = clock;
		this.design = design.kind();
		this.bucket4j = bucket4j;
		// An instance that does not meter serves no share of anyone's minute.
		this.claiming = properties.metering() && this.design == MinuteDesign.Kind.SHARES;
		this.settleAfterNanos = properties.settleAfter().toNanos();
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
				// Only a change is stored: a lease lives in the old generation, where
				// writing a reference, even the same one, dirties a card for the
				// collector to scan, and a young copy would stay alive.
				if (!lease.period.equals(period)) {
					lease.period = period;
				}
				if (!Objects.equals(lease.tier, tier)) {
					lease.tier = tier;
				}
				lease.touchedNanos = System.nanoTime();
				if (limit == null) {
					lease.unlimitedSpent++;
					spent(lease, 1);
					return new Spent(lease, null);
				}
				if (lease.limit != limit || (lease.unspent == 0 && mayAsk(lease))) {
					reserve(lease, limit);
				}
				if (lease.unspent == 0) {
					return null;
				}
				lease.unspent--;
				spent(lease, 1);
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
			lease = periodLease(lease.period);
		}
	}

	/**
	 * This instance's lease on the period, {@code null} when it holds none.
	 */
	@Nullable PeriodLease lease(UsagePeriod period) {
		return this.periods.get(PeriodKey.of(period));
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
	 * Spends one request of the customer's minute: from this instance's share while it
	 * lasts, then from the customer's minute counter.
	 * @return the requests left in the minute after this one, or {@code -1} when the
	 * minute's limit is reached
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL is needed and
	 * cannot answer
	 */
	long spendRequest(String customerId, Instant minute, long limit) {
		if (this.design == MinuteDesign.Kind.BUCKET4J && this.bucket4j != null) {
			return this.bucket4j.spend(customerId, limit);
		}
		Instant asked = minute;
		while (true) {
			long left = spendRequestIn(customerId, asked, limit);
			if (left == MINUTE_ENDED) {
				asked = currentMinute();
			}
			else if (left != FORGOTTEN) {
				return left;
			}
		}
	}

	// The requests left, -1 when the limit is reached, MINUTE_ENDED when the clock left
	// the minute while the request waited for shares (the others no longer hand back
	// shares of it, and the request counts in the minute now begun), or FORGOTTEN when
	// the sweep forgot the customer's minutes before this request locked them.
	private long spendRequestIn(String customerId, Instant minute, long limit) {
		MinuteShares sealed = shares(minute);
		CustomerMinutes minutes = this.minutes.computeIfAbsent(customerId,
				key -> new CustomerMinutes(sealed.minute(), limit));
		MinuteShares shares = sealed;
		synchronized (minutes) {
			if (minutes.retired) {
				return FORGOTTEN;
			}
			minutes.moveTo(shares.minute());
			while (minutes.minute != shares.minute()) {
				// Another request moved the customer on to a later minute: this one is
				// served there, with that minute's shares.
				shares = shares(Instant.ofEpochSecond(minutes.minute));
				minutes.moveTo(shares.minute());
			}
			long share = shares.mine() ? shares.each(limit) : 0;
			if (minutes.limit != limit) {
				// A tier changed within the minute: what was reserved counts against the
				// new limit, and units held under the old one are dropped.
				minutes.limit = limit;
				minutes.unspent = 0;
			}
			if (!minutes.shareClosed && minutes.fromShare < share) {
				minutes.fromShare++;
				minutes.spentHere++;
				return minutes.remaining();
			}
			// Minute units are never handed back, so a minute found used up stays so once
			// every share is back; while one is held after the wait, it is asked again at
			// most once a second, not once per refused request.
			if (minutes.unspent == 0 && (!minutes.asked || minutes.reservedEverywhere < limit || (minutes.held != 0
					&& (!minutes.waited || System.nanoTime() - minutes.askedNanos > EXHAUSTED_RECHECK_NANOS)))) {
				ask(minutes, customerId, limit, shares);
				awaitShares(minutes, customerId, limit, shares);
			}
			if (minutes.unspent == 0) {
				return (currentMinute().getEpochSecond() > minutes.minute) ? MINUTE_ENDED : -1;
			}
			minutes.unspent--;
			minutes.spentHere++;
			return minutes.remaining();
		}
	}

	// As much again as spent here this minute: a busy customer doubles its block and
	// needs few statements a minute. Going to the counter hands this instance's spent
	// share back.
	private void ask(CustomerMinutes minutes, String customerId, long limit, MinuteShares shares) {
		long releasing = (shares.mine() && !minutes.shareClosed) ? shares.bit() : 0;
		minutes.shareClosed = true;
		minutes.granted(this.counters.reserveMinute(customerId, Instant.ofEpochSecond(minutes.minute), limit,
				Math.max(1, minutes.spentHere), shares.instances(), releasing), shares.each(limit));
	}

	// The counter is dry while other instances still hold shares they may not need: they
	// hand them back within a second of seeing the counter wait (releaseAwaitedShares).
	// One request a minute per customer waits, so an instance that stopped costs a
	// customer one wait, not one per request; shares of nothing are not waited for.
	private void awaitShares(CustomerMinutes minutes, String customerId, long limit, MinuteShares shares) {
		if (minutes.unspent > 0 || minutes.held == 0 || minutes.waited || shares.each(limit) == 0) {
			return;
		}
		minutes.waited = true;
		long deadline = System.nanoTime() + SHARES_WAIT_NANOS;
		while (minutes.unspent == 0 && minutes.held != 0 && System.nanoTime() < deadline
				&& currentMinute().getEpochSecond() <= minutes.minute) {
			try {
				TimeUnit.MILLISECONDS.sleep(SHARES_POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			ask(minutes, customerId, limit, shares);
		}
	}

	/**
	 * The instances sharing a minute and whether this is one of them, sealing the minute
	 * when this instance is the first to need it. A request of a minute already left is
	 * served in the minute this instance is in.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	MinuteShares shares(Instant minute) {
		long epochMinute = minute.getEpochSecond();
		MinuteShares known = this.shares;
		if (known != null && known.minute() >= epochMinute) {
			return known;
		}
		if (this.design != MinuteDesign.Kind.SHARES) {
			MinuteShares none = new MinuteShares(epochMinute, 0, -1);
			this.shares = none;
			return none;
		}
		synchronized (this.sealing) {
			known = this.shares;
			if (known != null && known.minute() >= epochMinute) {
				return known;
			}
			List<String> instances = this.counters.sealMinute(minute);
			MinuteShares sealed = new MinuteShares(epochMinute, instances.size(),
					this.withdrawn ? -1 : instances.indexOf(this.instance));
			this.shares = sealed;
			return sealed;
		}
	}

	/**
	 * Seals the minute as it begins, and claims a share of the next one once a minute
	 * from its {@value #CLAIM_AT_SECOND}th second.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	void shareMinutes() {
		Instant now = this.clock.instant();
		Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
		shares(minute);
		if (!this.claiming || this.withdrawn || Duration.between(minute, now).toSeconds() < CLAIM_AT_SECOND
				|| minute.equals(this.claimedAfter)) {
			return;
		}
		synchronized (this.sharing) {
			if (this.withdrawn) {
				return;
			}
			claim(minute.plusSeconds(60));
		}
		this.claimedAfter = minute;
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
			this.withdrawn = true;
			this.counters.withdrawClaims(this.instance);
			MinuteShares known = this.shares;
			if (known != null) {
				this.shares = new MinuteShares(known.minute(), known.instances(), -1);
			}
			for (MinuteShares claimed : this.counters.sealedClaims(this.instance, currentMinute())) {
				this.counters.depart(claimed, closeShares(claimed));
			}
		}
	}

	// Closes this instance's share of the minute for every customer it served in it: what
	// it spent of the share, under which limit.
	private Map<String, UsageCounters.Served> closeShares(MinuteShares shares) {
		Map<String, UsageCounters.Served> served = new HashMap<>();
		this.minutes.forEach((customerId, minutes) -> {
			synchronized (minutes) {
				// A share closed already may not be back (its statement may have failed):
				// handing back happens once per bit, so it is tried again.
				if (minutes.minute == shares.minute()) {
					minutes.shareClosed = true;
					served.put(customerId, new UsageCounters.Served(minutes.limit, minutes.fromShare));
				}
			}
		});
		return served;
	}

	/**
	 * Claims this instance's share of a minute that is not sealed yet.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	void claim(Instant minute) {
		this.counters.claimMinute(minute, this.instance);
	}

	/**
	 * Hands back this instance's share of the current minute for every customer whose
	 * counter another instance found dry: the unused units go to the counter, and this
	 * instance serves the customer from the counter for the rest of the minute.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	void releaseAwaitedShares() {
		MinuteShares shares = this.shares;
		if (shares == null || shares.minute() != currentMinute().getEpochSecond()) {
			return;
		}
		releaseAwaitedShares(shares);
	}

	/**
	 * As {@link #releaseAwaitedShares()}, for the minute given.
	 */
	void releaseAwaitedShares(MinuteShares shares) {
		synchronized (this.sharing) {
			if (!shares.mine() || this.withdrawn) {
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
			CustomerMinutes minutes = this.minutes.computeIfAbsent(customerId,
					key -> new CustomerMinutes(shares.minute(), limit));
			synchronized (minutes) {
				if (minutes.retired) {
					continue;
				}
				minutes.moveTo(shares.minute());
				if (minutes.minute == shares.minute() && !minutes.shareClosed) {
					minutes.shareClosed = true;
					unused.put(customerId, Math.max(0, shares.each(limit) - minutes.fromShare));
				}
				return;
			}
		}
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
			return (minutes.minute == epochMinute && minutes.limit == limit) ? minutes.remaining() : limit;
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
	 * Takes, for one settlement, what leases spent (when it has waited
	 * {@code XSEN_USAGE_SETTLE_AFTER}, or at once as {@code taking} says) and the unspent
	 * units of leases idle for five seconds near the limit or past their period (of all
	 * leases when taking everything); forgets idle empty leases. Idle leases are looked
	 * for every {@link #SCAN_EVERY_NANOS}, those another instance wants at every
	 * settlement.
	 */
	List<UsageCounters.Settlement> takeSettlements(Taking taking) {
		long now = System.nanoTime();
		Instant instant = this.clock.instant();
		boolean everything = taking == Taking.EVERYTHING;
		// One row per period, since a statement may not change a row twice: a lease that
		// spends again after it was taken is taken again, and a lease that replaced a
		// retired one settles with it.
		Map<PeriodKey, UsageCounters.Settlement> taken = new HashMap<>();
		for (PeriodLease lease = this.restored.poll(); lease != null; lease = this.restored.poll()) {
			take(lease, now, instant, everything, Pass.RESTORED, taken);
		}
		// At most those queued as the settlement began, oldest first; one queued since
		// waits for the next. Settlements take one at a time (UsageSettlement), so the
		// head looked at is the one removed.
		for (int queued = this.unsettled.size(); queued > 0; queued--) {
			PeriodLease lease = this.unsettled.peek();
			if (lease == null || (taking == Taking.DUE && now - queuedNanos(lease) < this.settleAfterNanos)) {
				break;
			}
			this.unsettled.poll();
			take(lease, now, instant, everything, Pass.QUEUED, taken);
		}
		this.wanted.removeIf(lease -> !take(lease, now, instant, everything, Pass.WANTED, taken));
		if (everything || now - this.scannedNanos >= SCAN_EVERY_NANOS) {
			this.scannedNanos = now;
			for (PeriodLease lease : this.periods.values()) {
				take(lease, now, instant, everything, Pass.SCAN, taken);
			}
		}
		List<UsageCounters.Settlement> settlements = new ArrayList<>(taken.values());
		// One order on every instance, so two settlements never wait on each other's
		// rows.
		settlements
			.sort(Comparator.comparing((UsageCounters.Settlement settlement) -> settlement.period().subscriptionId())
				.thenComparing(settlement -> settlement.period().start()));
		return settlements;
	}

	private static long queuedNanos(PeriodLease lease) {
		synchronized (lease) {
			return lease.queuedNanos;
		}
	}

	// Adds the lease's settlement, if it has one, and retires it when idle and empty on a
	// scan: its spending when drained from the queue or restored, or going with units
	// handed back. Returns whether another instance still wants its units.
	private boolean take(PeriodLease lease, long now, Instant instant, boolean everything, Pass pass,
			Map<PeriodKey, UsageCounters.Settlement> taken) {
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
			// who comes back within a minute finds a lease that needs no statement.
			boolean nearLimit = lease.limit - lease.reservedEverywhere <= lease.unspent;
			boolean longIdle = now - lease.touchedNanos > LONG_IDLE_NANOS;
			long handedBack = (everything || ended || longIdle || (idle && (nearLimit || lease.wanted))) ? lease.unspent
					: 0;
			lease.wanted = lease.wanted && handedBack == 0;
			boolean spending = lease.spentUnsettled != 0 || lease.unlimitedSpent != 0;
			// Elsewhere spending waits in the queue, unless units go back with it.
			boolean spendingDue = everything || pass == Pass.QUEUED || pass == Pass.RESTORED;
			if (handedBack != 0 || (spending && spendingDue)) {
				taken.merge(PeriodKey.of(lease.period),
						new UsageCounters.Settlement(lease.period, lease.tier, lease.spentUnsettled,
								lease.unlimitedSpent, handedBack),
						(earlier, later) -> new UsageCounters.Settlement(later.period(), later.tier(),
								earlier.spent() + later.spent(), earlier.spentUnreserved() + later.spentUnreserved(),
								earlier.handedBack() + later.handedBack()));
				lease.spentUnsettled = 0;
				lease.unlimitedSpent = 0;
				lease.unspent -= handedBack;
				lease.reservedEverywhere -= handedBack;
			}
			else if (pass == Pass.SCAN && (idle || ended) && lease.unspent == 0 && !spending) {
				lease.retired = true;
				this.periods.remove(PeriodKey.of(lease.period), lease);
			}
			return lease.wanted;
		}
	}

	// Called under the lease's lock.
	private void spent(PeriodLease lease, long units) {
		lease.spentUnsettled += units;
		if (!lease.queued) {
			lease.queued = true;
			lease.queuedNanos = System.nanoTime();
			this.unsettled.add(lease);
		}
	}

	/**
	 * Forgets the minutes of customers gone as long as a lease waits for them. A
	 * customer's minutes are otherwise reused from one minute to the next, so steady
	 * traffic allocates none.
	 */
	void forgetIdleMinutes() {
		long forgetBefore = currentMinute().getEpochSecond() - TimeUnit.NANOSECONDS.toSeconds(LONG_IDLE_NANOS);
		this.minutes.values().removeIf(minutes -> {
			synchronized (minutes) {
				minutes.retired = minutes.minute < forgetBefore;
				return minutes.retired;
			}
		});
	}

	/**
	 * Marks the leases on periods another instance found used up: their units go back
	 * with the next settlement once the lease is idle.
	 */
	void wanted(List<UsageCounters.Wanted> periods) {
		for (UsageCounters.Wanted period : periods) {
			PeriodLease lease = this.periods.get(new PeriodKey(period.subscriptionId(), period.periodStart()));
			if (lease != null) {
				synchronized (lease) {
					lease.wanted = true;
				}
				this.wanted.add(lease);
			}
		}
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

	private PeriodLease periodLease(UsagePeriod period) {
		return this.periods.computeIfAbsent(PeriodKey.of(period), key -> new PeriodLease(period));
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
	 * The instances that share a clock minute (its epoch second), and this instance's
	 * position among them, -1 when it is not one of them.
	 */
	record MinuteShares(long minute, int instances, int position) {

		boolean mine() {
			return this.position >= 0;
		}

		/** This instance's bit in a counter's mask of the instances holding a share. */
		long bit() {
			return 1L << this.position;
		}

		/**
		 * Each instance's share of a customer's minute under {@code limit}: the shares
		 * cover half the limit, so that an instance that crashes, whose share cannot be
		 * handed back, leaves the other half on the counter for its replacement.
		 */
		long each(long limit) {
			return (this.instances > 0) ? limit / (SHARED_PARTS * this.instances) : 0;
		}

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

		/** Another instance found the counter used up: idle units go back. */
		boolean wanted;

		/** Waiting in the queue of leases to settle. */
		boolean queued;

		/** When it was queued, as {@link System#nanoTime()}. */
		long queuedNanos;

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

		static PeriodKey of(UsagePeriod period) {
			return new PeriodKey(period.subscriptionId(), period.start());
		}

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

	/** How a settlement came to a lease. */
	private enum Pass {

		/** Drained from the queue of leases that spent. */
		QUEUED,

		/** Holding a settlement that could not be recorded. */
		RESTORED,

		/** Wanted by another instance. */
		WANTED,

		/** The look through all leases. */
		SCAN

	}

}
