package io.xsen.orchestrator.usage;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records in PostgreSQL, about once a second, the units idle leases hand back and what
 * this instance's leases spent once it has waited {@code XSEN_USAGE_SETTLE_AFTER}; on
 * shutdown, everything, after the last request is served. A settlement PostgreSQL refuses
 * is kept for the next one, so no message is lost while the instance runs.
 */
@Component
class UsageSettlement implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(UsageSettlement.class);

	private static final int CHUNK = 500;

	private final Quotas quotas;

	private final UsageCounters counters;

	private final MeterReports meterReports;

	private final QuotaWarnings quotaWarnings;

	private final TransactionTemplate transactions;

	private volatile boolean running;

	private boolean failing;

	// Periods found used up before this instance started had no lease of its own.
	private Instant wantedSince = Instant.now().minusSeconds(10);

	UsageSettlement(Quotas quotas, UsageCounters counters, MeterReports meterReports, QuotaWarnings quotaWarnings,
			TransactionTemplate transactions) {
		this.quotas = quotas;
		this.counters = counters;
		this.meterReports = meterReports;
		this.quotaWarnings = quotaWarnings;
		this.transactions = transactions;
	}

	/**
	 * Settles all that was spent, and the unspent units of idle leases, for a read that
	 * must see every message this instance served.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot record
	 * it; the settlement waits for the next attempt
	 */
	synchronized void settle() {
		settle(Quotas.Taking.SPENT);
	}

	/**
	 * Reads what no settlement changes while it runs, so that a read adding this
	 * instance's unsettled spending to what PostgreSQL holds counts each message once.
	 */
	synchronized <T> T betweenSettlements(Supplier<T> read) {
		return read.get();
	}

	/**
	 * Settles on the schedule, logging an outage once instead of failing.
	 */
	synchronized void settleOnSchedule() {
		try {
			settle(Quotas.Taking.DUE);
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

	private void settle(Quotas.Taking taking) {
		List<UsageCounters.Wanted> wanted = this.counters.wantedPeriods(this.wantedSince);
		this.quotas.wanted(wanted);
		if (!wanted.isEmpty()) {
			this.wantedSince = wanted.get(wanted.size() - 1).at();
		}
		List<UsageCounters.Settlement> settlements = this.quotas.takeSettlements(taking);
		// A transaction per chunk, so the rows a settlement locks are held briefly: a
		// request waiting to reserve one of them waits for a chunk, not for all.
		for (int from = 0; from < settlements.size(); from += CHUNK) {
			List<UsageCounters.Settlement> chunk = settlements.subList(from,
					Math.min(settlements.size(), from + CHUNK));
			try {
				this.transactions.executeWithoutResult(status -> {
					List<UsageCounters.Settled> settled = this.counters.settle(chunk);
					this.meterReports.record(chunk);
					this.quotaWarnings.check(chunk, settled);
				});
			}
			catch (RuntimeException ex) {
				settlements.subList(from, settlements.size()).forEach(this.quotas::restore);
				throw ex;
			}
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
			settle(Quotas.Taking.EVERYTHING);
		}
		catch (RuntimeException ex) {
			logger.warn("Usage spent since the last settlement could not be recorded at shutdown", ex);
		}
		try {
			this.quotas.depart();
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

}
