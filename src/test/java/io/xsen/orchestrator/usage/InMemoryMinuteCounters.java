package io.xsen.orchestrator.usage;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The minute counters as {@link MinuteCountersSql} keeps them, in memory: what several
 * instances of {@link MinuteLimit} share in a unit test.
 */
final class InMemoryMinuteCounters implements MinuteCounters {

	private final Map<String, Long> reserved = new HashMap<>();

	private volatile boolean unreachable;

	private volatile @Nullable CountDownLatch gate;

	private volatile @Nullable String gatedCustomer;

	private final AtomicInteger arrived = new AtomicInteger();

	private int reservations;

	@Override
	public Grant reserve(String customerId, Instant minute, long limit, long wanted) {
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
			if (this.unreachable) {
				throw new DataAccessResourceFailureException("PostgreSQL does not answer");
			}
			this.reservations++;
			String key = customerId + "@" + minute.getEpochSecond();
			long before = this.reserved.getOrDefault(key, 0L);
			long granted = InMemoryMinuteCounters.block(limit - before, wanted);
			this.reserved.put(key, before + granted);
			return new Grant(before + granted, granted);
		}
	}

	/**
	 * The block a reservation hands out, as {@code usage_block} (V18) computes it.
	 */
	static long block(long left, long wanted) {
		return Math.max(0, Math.min(left, Math.max(Math.max(1, Math.min(100, left / 8)), wanted)));
	}

	synchronized long reserved(String customerId, Instant minute) {
		return this.reserved.getOrDefault(customerId + "@" + minute.getEpochSecond(), 0L);
	}

	/** Reservations asked for, answered or not. */
	int arrived() {
		return this.arrived.get();
	}

	synchronized int reservations() {
		return this.reservations;
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

}
