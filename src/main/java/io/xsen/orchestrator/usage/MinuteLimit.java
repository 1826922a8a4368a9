package io.xsen.orchestrator.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The minute limit: spends a request of the customer's clock minute from this instance's
 * share of the minute while it lasts, then from blocks of the customer's minute counter,
 * sealing each minute as it begins.
 *
 * <p>
 * Every metering instance claims a share of the next minute; the first instance to need a
 * minute seals it, so the instances sharing it are fixed before anyone serves. The shares
 * together cover half the limit, served in memory without a statement; the counter counts
 * them as reserved and hands out the rest in blocks. A request that finds the counter dry
 * while others still hold shares waits (up to two seconds, once a minute per customer)
 * for them to hand back what they did not use. {@link MinuteSharing} claims, hands back
 * and departs; docs/USAGE.md tells the whole protocol.
 */
@Component
class MinuteLimit {

	// A request finding the counter dry waits this long, at most, for shares handed back,
	// asking again at each step.
	private static final long SHARES_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

	private static final Duration SHARES_POLL = Duration.ofMillis(200);

	// A counter found dry while shares are held is asked again at most this often after
	// the wait, not once per refused request.
	private static final long EXHAUSTED_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

	// Customers gone this long are forgotten; steady traffic reuses a customer's object.
	private static final long FORGET_AFTER_SECONDS = TimeUnit.MINUTES.toSeconds(10);

	private static final long MINUTE_ENDED = -2;

	private final Map<String, CustomerMinute> minutes = new ConcurrentHashMap<>();

	private final AtomicReference<@Nullable MinuteShares> shares = new AtomicReference<>();

	// One seal of a minute at a time; other requests wait for it without a lock.
	private final Map<Long, CompletableFuture<MinuteShares>> sealing = new ConcurrentHashMap<>();

	/** Stopping: no more minutes are claimed, and shares go back only by departing. */
	private volatile boolean withdrawn;

	private final MinuteCounters counters;

	private final UsageTime time;

	private final String instance;

	MinuteLimit(MinuteCounters counters, UsageTime time, MinuteInstance instance) {
		this.counters = counters;
		this.time = time;
		this.instance = instance.id();
	}

	/**
	 * Spends one request of the customer's minute. A request of a minute this instance
	 * already left counts in the later one.
	 * @return the requests left in the minute after this one, or {@code -1} when the
	 * minute's limit is reached
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL is needed and
	 * cannot answer
	 */
	long spend(String customerId, Instant minute, long limit) {
		long asked = minute.getEpochSecond();
		while (true) {
			long left = spendIn(customerId, asked, limit);
			if (left != MINUTE_ENDED) {
				return left;
			}
			// The minute ended while the request waited for shares: nobody hands back
			// shares of a minute that has passed, and the request counts in the new one.
			asked = this.time.currentMinute().getEpochSecond();
		}
	}

	// No lock is held while PostgreSQL answers or while the request waits for shares: a
	// slow reservation delays only the requests that need it.
	private long spendIn(String customerId, long minute, long limit) {
		long asked = minute;
		long waitUntil = 0;
		CompletableFuture<Void> waiting = null;
		try {
			while (true) {
				MinuteShares shares = shares(asked);
				CustomerMinute customer = this.minutes.computeIfAbsent(customerId,
						key -> new CustomerMinute(shares.minute(), limit));
				long releasing;
				long wanted;
				CompletableFuture<Void> othersWait = null;
				synchronized (customer) {
					if (customer.retired) {
						continue;
					}
					customer.moveTo(shares.minute());
					if (customer.minute != shares.minute()) {
						// Another request moved the customer on to a later minute: this
						// one
						// is
						// served there, with that minute's shares.
						asked = customer.minute;
						continue;
					}
					if (customer.limit != limit) {
						// A tier changed within the minute: what was reserved counts
						// against
						// the
						// new limit, and units held under the old one are dropped.
						customer.limit = limit;
						customer.unspent = 0;
					}
					if (!customer.shareClosed && customer.fromShare < (shares.mine() ? shares.each(limit) : 0)) {
						return customer.spend(true);
					}
					if (customer.unspent > 0) {
						return customer.spend(false);
					}
					if (waitUntil == 0 && customer.awaiting != null && !customer.awaiting.isDone()) {
						othersWait = customer.awaiting;
					}
					else if (waitUntil == 0 && !mayAsk(customer, limit)) {
						return minuteEnded(customer) ? MINUTE_ENDED : -1;
					}
					else if (waitUntil != 0 && (this.time.nanoTime() >= waitUntil || minuteEnded(customer))) {
						return stopWaiting(customer, waiting);
					}
					// Going to the counter hands this instance's (spent) share back.
					releasing = (shares.mine() && !customer.shareClosed) ? shares.bit() : 0;
					customer.shareClosed = true;
					// As much again as spent here this minute: a busy customer doubles
					// its
					// block.
					wanted = Math.max(1, customer.spentHere);
				}
				if (othersWait != null) {
					// Another request of the customer waits for shares: this one waits
					// with
					// it.
					othersWait.join();
					continue;
				}
				if (waitUntil != 0 && !pause()) {
					synchronized (customer) {
						return stopWaiting(customer, waiting);
					}
				}
				MinuteCounters.Grant grant;
				try {
					grant = this.counters.reserve(customerId, Instant.ofEpochSecond(shares.minute()), limit, wanted,
							shares.instances(), releasing);
				}
				catch (RuntimeException ex) {
					if (waitUntil != 0) {
						synchronized (customer) {
							stopWaiting(customer, waiting);
						}
					}
					throw ex;
				}
				synchronized (customer) {
					if (customer.retired || customer.minute != shares.minute() || customer.limit != limit) {
						// The customer moved on while this request asked: its units are
						// left.
						if (waitUntil != 0) {
							stopWaiting(customer, waiting);
							waitUntil = 0;
							waiting = null;
						}
						continue;
					}
					customer.granted(grant, shares.each(limit), this.time.nanoTime());
					if (customer.unspent > 0) {
						if (waitUntil != 0) {
							stopWaiting(customer, waiting);
						}
						return customer.spend(false);
					}
					// The counter is dry while other instances still hold shares they may
					// not
					// need: they hand them back within a second of seeing it wait
					// (releaseAwaitedShares). Shares of nothing are not waited for.
					if (waitUntil == 0 && customer.held != 0 && customer.awaiting == null && shares.each(limit) > 0) {
						waiting = new CompletableFuture<>();
						customer.awaiting = waiting;
						waitUntil = this.time.nanoTime() + SHARES_WAIT_NANOS;
					}
					else if (waitUntil == 0 || customer.held == 0) {
						if (waitUntil != 0) {
							stopWaiting(customer, waiting);
						}
						return minuteEnded(customer) ? MINUTE_ENDED : -1;
					}
				}
			}
		}
		finally {
			// Whatever ends this request, the customer's requests waiting with it go on.
			if (waiting != null) {
				waiting.complete(null);
			}
		}
	}

	// Called under the customer's lock: asks again only while the counter may have units,
	// or shares may come back.
	private boolean mayAsk(CustomerMinute customer, long limit) {
		return !customer.asked || customer.reservedEverywhere < limit || (customer.held != 0
				&& (customer.awaiting == null || this.time.nanoTime() - customer.askedNanos > EXHAUSTED_RECHECK_NANOS));
	}

	// Called under the customer's lock: ends this request's wait, and lets the customer's
	// other requests waiting with it go on.
	private long stopWaiting(CustomerMinute customer, @Nullable CompletableFuture<Void> waiting) {
		if (waiting != null) {
			waiting.complete(null);
		}
		return minuteEnded(customer) ? MINUTE_ENDED : -1;
	}

	private boolean minuteEnded(CustomerMinute customer) {
		return this.time.currentMinute().getEpochSecond() > customer.minute;
	}

	private boolean pause() {
		try {
			this.time.sleep(SHARES_POLL);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The instances sharing a minute and whether this is one of them, sealing the minute
	 * when this instance is the first to need it. A request of a minute already left is
	 * served in the minute this instance is in.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	MinuteShares shares(Instant minute) {
		return shares(minute.getEpochSecond());
	}

	private MinuteShares shares(long minute) {
		MinuteShares known = this.shares.get();
		if (known != null && known.minute() >= minute) {
			return known;
		}
		CompletableFuture<MinuteShares> mine = new CompletableFuture<>();
		CompletableFuture<MinuteShares> running = this.sealing.putIfAbsent(minute, mine);
		if (running != null) {
			try {
				return running.join();
			}
			catch (CompletionException ex) {
				throw (ex.getCause() instanceof RuntimeException failure) ? failure : ex;
			}
		}
		try {
			List<String> instances = this.counters.seal(Instant.ofEpochSecond(minute));
			MinuteShares sealed = new MinuteShares(minute, instances.size(),
					this.withdrawn ? -1 : instances.indexOf(this.instance));
			MinuteShares latest = this.shares
				.updateAndGet(current -> (current == null || current.minute() < minute) ? sealed : current);
			mine.complete(latest);
			return latest;
		}
		catch (RuntimeException ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.sealing.remove(minute, mine);
		}
	}

	/** The minute sealed last, {@code null} before the first. */
	@Nullable MinuteShares current() {
		return this.shares.get();
	}

	/**
	 * Takes this instance out of the minutes to come, as it stops: it serves no share of
	 * a minute sealed after this, nor of the one it is in.
	 */
	void withdraw() {
		this.withdrawn = true;
		this.shares.updateAndGet(known -> (known != null) ? known.withdrawn() : null);
	}

	boolean withdrawn() {
		return this.withdrawn;
	}

	/** The customer's minute on this instance, made for the minute when it has none. */
	CustomerMinute customer(String customerId, long minute, long limit) {
		return this.minutes.computeIfAbsent(customerId, key -> new CustomerMinute(minute, limit));
	}

	/** Each customer this instance holds a minute for. */
	void forEachCustomer(BiConsumer<String, CustomerMinute> action) {
		this.minutes.forEach(action);
	}

	/**
	 * The requests left in the customer's minute as this instance knows them, without
	 * spending one.
	 */
	long requestsLeft(String customerId, Instant minute, long limit) {
		CustomerMinute customer = this.minutes.get(customerId);
		if (customer == null) {
			return limit;
		}
		synchronized (customer) {
			return (customer.minute == minute.getEpochSecond() && customer.limit == limit) ? customer.remaining()
					: limit;
		}
	}

	/**
	 * Forgets the customers who sent nothing for ten minutes.
	 */
	void forgetIdle() {
		long forgetBefore = this.time.currentMinute().getEpochSecond() - FORGET_AFTER_SECONDS;
		this.minutes.values().removeIf(customer -> {
			synchronized (customer) {
				customer.retired = customer.minute < forgetBefore;
				return customer.retired;
			}
		});
	}

}
