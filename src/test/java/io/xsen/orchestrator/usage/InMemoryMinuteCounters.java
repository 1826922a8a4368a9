package io.xsen.orchestrator.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The minute counters and the minutes' sharing instances as {@link MinuteCountersSql}
 * keeps them, in memory: what several instances of {@link MinuteLimit} share in a unit
 * test.
 */
final class InMemoryMinuteCounters implements MinuteCounters {

	private final Map<String, Counter> counters = new HashMap<>();

	private final Map<Long, Minute> minutes = new TreeMap<>();

	private final AtomicInteger arrived = new AtomicInteger();

	private volatile boolean unreachable;

	private volatile @Nullable CountDownLatch gate;

	private volatile @Nullable String gatedCustomer;

	private int reservations;

	/**
	 * The block a reservation hands out, as {@code usage_block} (V18) computes it.
	 */
	static long block(long left, long wanted) {
		return Math.max(0, Math.min(left, Math.max(Math.max(1, Math.min(100, left / 8)), wanted)));
	}

	// As usage_share (V18).
	private static long share(long limit, int shares) {
		return (shares > 0) ? limit / (2L * shares) : 0;
	}

	@Override
	public Grant reserve(String customerId, Instant minute, long limit, long wanted, int shares, long releasing) {
		this.arrived.incrementAndGet();
		CountDownLatch held = this.gate;
		if (held != null && customerId.equals(this.gatedCustomer)) {
			try {
				held.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		synchronized (this) {
			failWhenUnreachable();
			this.reservations++;
			long departed = minute(minute.getEpochSecond()).departed;
			long holding = ((1L << shares) - 1) & ~departed;
			Counter counter = this.counters.get(key(customerId, minute));
			long reserved;
			if (counter == null) {
				counter = new Counter(limit, shares, holding & ~releasing);
				this.counters.put(key(customerId, minute), counter);
				reserved = share(limit, shares) * Long.bitCount(holding);
			}
			else {
				long before = share(counter.limit, counter.shares);
				reserved = counter.reserved
						+ (share(limit, counter.shares) - before) * Long.bitCount(counter.held & ~departed)
						- before * Long.bitCount(counter.held & departed);
				counter.held &= holding & ~releasing;
				counter.limit = limit;
			}
			long granted = block(limit - reserved, wanted);
			counter.reserved = reserved + granted;
			return new Grant(counter.reserved, granted, counter.held);
		}
	}

	@Override
	public synchronized void claim(Instant minute, String instance) {
		failWhenUnreachable();
		Minute row = minute(minute.getEpochSecond());
		if (!row.sealed && !row.instances.contains(instance) && row.instances.size() < 62) {
			row.instances.add(instance);
		}
	}

	@Override
	public synchronized List<String> seal(Instant minute) {
		failWhenUnreachable();
		Minute row = minute(minute.getEpochSecond());
		row.sealed = true;
		return List.copyOf(row.instances);
	}

	@Override
	public synchronized void withdrawClaims(String instance) {
		failWhenUnreachable();
		this.minutes.values().stream().filter(row -> !row.sealed).forEach(row -> row.instances.remove(instance));
	}

	@Override
	public synchronized List<MinuteShares> sealedClaims(String instance, Instant from) {
		failWhenUnreachable();
		List<MinuteShares> claims = new ArrayList<>();
		this.minutes.forEach((minute, row) -> {
			if (row.sealed && minute >= from.getEpochSecond() && row.instances.contains(instance)) {
				claims.add(new MinuteShares(minute, row.instances.size(), row.instances.indexOf(instance)));
			}
		});
		return claims;
	}

	@Override
	public synchronized void depart(MinuteShares shares, Map<String, Served> served) {
		failWhenUnreachable();
		Minute row = minute(shares.minute());
		served.forEach((customerId, spent) -> {
			String key = customerId + "@" + shares.minute();
			Counter counter = this.counters.get(key);
			if (counter == null) {
				long held = ((1L << shares.instances()) - 1) & ~(row.departed | shares.bit());
				counter = new Counter(spent.limit(), shares.instances(), held);
				counter.reserved = share(spent.limit(), shares.instances()) * Long.bitCount(held) + spent.spent();
				this.counters.put(key, counter);
			}
			else if ((counter.held & shares.bit()) != 0) {
				counter.reserved = Math.max(0,
						counter.reserved - Math.max(0, share(counter.limit, counter.shares) - spent.spent()));
				counter.held &= ~shares.bit();
			}
		});
		row.departed |= shares.bit();
	}

	@Override
	public synchronized Map<String, Long> awaitingShares(Instant minute, long bit) {
		failWhenUnreachable();
		Map<String, Long> limits = new HashMap<>();
		String suffix = "@" + minute.getEpochSecond();
		this.counters.forEach((key, counter) -> {
			if (key.endsWith(suffix) && (counter.held & bit) != 0) {
				limits.put(key.substring(0, key.length() - suffix.length()), counter.limit);
			}
		});
		return limits;
	}

	@Override
	public synchronized void releaseShares(Instant minute, long bit, Map<String, Long> unused) {
		failWhenUnreachable();
		unused.forEach((customerId, units) -> {
			Counter counter = this.counters.get(key(customerId, minute));
			if (counter != null && (counter.held & bit) != 0) {
				counter.reserved = Math.max(0, counter.reserved - units);
				counter.held &= ~bit;
			}
		});
	}

	/** The counter as the tests of the SQL read it. */
	synchronized String counter(String customerId, Instant minute) {
		Counter counter = this.counters.get(key(customerId, minute));
		return (counter != null) ? counter.reserved + " reserved, " + Long.bitCount(counter.held) + " of "
				+ counter.shares + " shares held" : "no counter";
	}

	synchronized long reserved(String customerId, Instant minute) {
		Counter counter = this.counters.get(key(customerId, minute));
		return (counter != null) ? counter.reserved : 0;
	}

	synchronized int reservations() {
		return this.reservations;
	}

	/** Reservations asked for, answered or not. */
	int arrived() {
		return this.arrived.get();
	}

	void unreachable(boolean unreachable) {
		this.unreachable = unreachable;
	}

	/**
	 * The customer's reservations wait until the latch opens, as behind a slow
	 * PostgreSQL.
	 */
	void holdReservations(String customerId, @Nullable CountDownLatch gate) {
		this.gatedCustomer = customerId;
		this.gate = gate;
	}

	private void failWhenUnreachable() {
		if (this.unreachable) {
			throw new DataAccessResourceFailureException("PostgreSQL does not answer");
		}
	}

	private Minute minute(long minute) {
		return this.minutes.computeIfAbsent(minute, key -> new Minute());
	}

	private static String key(String customerId, Instant minute) {
		return customerId + "@" + minute.getEpochSecond();
	}

	private static final class Counter {

		long limit;

		final int shares;

		long held;

		long reserved;

		Counter(long limit, int shares, long held) {
			this.limit = limit;
			this.shares = shares;
			this.held = held;
		}

	}

	private static final class Minute {

		final List<String> instances = new ArrayList<>();

		boolean sealed;

		long departed;

	}

}
