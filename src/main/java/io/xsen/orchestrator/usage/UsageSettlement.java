package io.xsen.orchestrator.usage;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records the period quota in PostgreSQL about once a second: the units idle leases hand
 * back and what the leases spent once it has waited {@code XSEN_USAGE_SETTLE_AFTER}, with
 * the Stripe meter report rows and quota warnings it causes; on shutdown, everything,
 * after the last request is served, and then hands back its shares of the minutes. A
 * settlement PostgreSQL refuses is kept for the next one, so no message is lost while the
 * instance runs.
 */
@Component
class UsageSettlement implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(UsageSettlement.class);

	private static final int CHUNK = 500;

	private final PeriodQuota quota;

	private final PeriodCounters counters;

	private final MeterReports meterReports;

	private final QuotaWarnings quotaWarnings;

	private final TransactionTemplate transactions;

	private final MinuteSharing minuteSharing;

	// Replaced as each settlement begins and ends: a read that saw the same one before
	// and after saw no message move from memory to PostgreSQL.
	private volatile Phase phase = new Phase(null);

	private volatile boolean running;

	private boolean failing;

	private Instant wantedSince;

	UsageSettlement(PeriodQuota quota, PeriodCounters counters, MeterReports meterReports, QuotaWarnings quotaWarnings,
			TransactionTemplate transactions, MinuteSharing minuteSharing, UsageTime time) {
		this.minuteSharing = minuteSharing;
		this.quota = quota;
		this.counters = counters;
		this.meterReports = meterReports;
		this.quotaWarnings = quotaWarnings;
		this.transactions = transactions;
		// Periods found used up before this instance started had no lease of its own.
		this.wantedSince = time.now().minusSeconds(10);
	}

	/**
	 * Runs a read of what this instance spent and PostgreSQL holds, so that each message
	 * counts once: again if a settlement moved messages meanwhile, after it ends if one
	 * runs. The read holds no lock.
	 */
	<T> T betweenSettlements(Supplier<T> read) {
		while (true) {
			Phase before = this.phase;
			if (before.settling() != null) {
				before.settling().join();
				continue;
			}
			T value = read.get();
			if (this.phase == before) {
				return value;
			}
		}
	}

	/**
	 * Settles on the schedule, logging an outage once instead of failing.
	 */
	synchronized void settleOnSchedule() {
		try {
			settle(PeriodSettlement.Taking.DUE);
			if (this.failing) {
				logger.info("Usage settles again");
				this.failing = false;
			}
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				logger.warn("Usage cannot be settled, kept in memory until it can: {}",
						NestedExceptionUtils.getMostSpecificCause(ex).toString());
				this.failing = true;
			}
		}
	}

	// Settlements run one at a time, on the schedule's thread or at shutdown.
	private void settle(PeriodSettlement.Taking taking) {
		List<PeriodCounters.Wanted> wanted = this.counters.wantedSince(this.wantedSince);
		this.quota.wanted(wanted);
		if (!wanted.isEmpty()) {
			this.wantedSince = wanted.get(wanted.size() - 1).at();
		}
		CompletableFuture<Void> settling = new CompletableFuture<>();
		this.phase = new Phase(settling);
		try {
			List<PeriodSettlement> settlements = this.quota.takeSettlements(taking);
			// A transaction per chunk, so the rows a settlement locks are held briefly: a
			// request waiting to reserve one of them waits for a chunk, not for all.
			for (int from = 0; from < settlements.size(); from += CHUNK) {
				List<PeriodSettlement> chunk = settlements.subList(from, Math.min(settlements.size(), from + CHUNK));
				try {
					this.transactions.executeWithoutResult(status -> {
						List<PeriodCounters.Settled> settled = this.counters.settle(chunk);
						this.meterReports.record(chunk);
						this.quotaWarnings.check(chunk, settled);
					});
				}
				catch (RuntimeException ex) {
					settlements.subList(from, settlements.size()).forEach(this.quota::restore);
					throw ex;
				}
			}
		}
		finally {
			this.phase = new Phase(null);
			settling.complete(null);
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		try {
			settle(PeriodSettlement.Taking.EVERYTHING);
		}
		catch (RuntimeException ex) {
			logger.warn("Usage spent since the last settlement could not be recorded at shutdown", ex);
		}
		try {
			this.minuteSharing.depart();
		}
		catch (RuntimeException ex) {
			logger.warn("This instance's shares of this minute and the next could not be handed back at shutdown: {}",
					ex.toString());
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	// Stops after the web server has finished its last request, before the database pool
	// closes.
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	/**
	 * Between two settlements, or during one ({@code settling} ends with it).
	 */
	private record Phase(@Nullable CompletableFuture<Void> settling) {
	}

}
