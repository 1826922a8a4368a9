package io.xsen.orchestrator.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The period counters as {@link PeriodCountersSql} keeps them, in memory: what several
 * instances of {@link PeriodQuota} share in a unit test.
 */
final class InMemoryPeriodCounters implements PeriodCounters {

	private final Map<String, Row> rows = new HashMap<>();

	private final ManualUsageTime time;

	private volatile boolean unreachable;

	private volatile @Nullable CountDownLatch gate;

	private final AtomicInteger arrived = new AtomicInteger();

	private int reservations;

	InMemoryPeriodCounters(ManualUsageTime time) {
		this.time = time;
	}

	@Override
	public Grant reserve(UsagePeriod period, @Nullable String tier, long limit, long returned) {
		awaitGate();
		synchronized (this) {
			failWhenUnreachable();
			this.reservations++;
			Row row = row(period);
			long granted = InMemoryMinuteCounters.block(limit - (row.reserved - returned), 0);
			row.reserved = row.reserved - returned + granted;
			if (granted == 0) {
				row.wantedAt = this.time.now();
			}
			return new Grant(row.reserved, granted);
		}
	}

	@Override
	public synchronized List<Settled> settle(List<PeriodSettlement> settlements) {
		failWhenUnreachable();
		List<Settled> settled = new ArrayList<>();
		for (PeriodSettlement settlement : settlements) {
			Row row = row(settlement.period());
			row.used += settlement.spent();
			row.reserved += settlement.reservedChange();
			settled.add(new Settled(settlement.period().subscriptionId(), settlement.period().start().getEpochSecond(),
					row.used));
		}
		return settled;
	}

	@Override
	public synchronized List<Wanted> wantedSince(Instant since) {
		failWhenUnreachable();
		List<Wanted> wanted = new ArrayList<>();
		this.rows.forEach((key, row) -> {
			if (row.wantedAt != null && row.wantedAt.isAfter(since)) {
				wanted.add(new Wanted(row.subscriptionId, row.start, row.wantedAt));
			}
		});
		return wanted;
	}

	synchronized long used(UsagePeriod period) {
		return row(period).used;
	}

	synchronized long reserved(UsagePeriod period) {
		return row(period).reserved;
	}

	/** Reservations asked for, answered or not. */
	int arrived() {
		return this.arrived.get();
	}

	synchronized int reservations() {
		return this.reservations;
	}

	/** PostgreSQL stops answering: every call fails as the JDBC driver's would. */
	void unreachable(boolean unreachable) {
		this.unreachable = unreachable;
	}

	/** Reservations wait until the latch opens, as behind a slow PostgreSQL. */
	void holdReservations(@Nullable CountDownLatch gate) {
		this.gate = gate;
	}

	private void awaitGate() {
		this.arrived.incrementAndGet();
		CountDownLatch held = this.gate;
		if (held != null) {
			try {
				held.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void failWhenUnreachable() {
		if (this.unreachable) {
			throw new DataAccessResourceFailureException("PostgreSQL does not answer");
		}
	}

	private Row row(UsagePeriod period) {
		return this.rows.computeIfAbsent(period.subscriptionId() + "@" + period.start(),
				key -> new Row(period.subscriptionId(), period.start()));
	}

	private static final class Row {

		final String subscriptionId;

		final Instant start;

		long reserved;

		long used;

		@Nullable Instant wantedAt;

		Row(String subscriptionId, Instant start) {
			this.subscriptionId = subscriptionId;
			this.start = start;
		}

	}

}
