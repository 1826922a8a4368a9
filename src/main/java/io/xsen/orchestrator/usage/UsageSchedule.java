package io.xsen.orchestrator.usage;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Settles usage every second (and claims, seals and hands back shares of the minute),
 * delivers meter reports every ten seconds, sweeps the minutes that have passed every
 * minute, and idempotency keys older than a day every hour.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class UsageSchedule implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(UsageSchedule.class);

	private static final Duration SETTLE_EVERY = Duration.ofSeconds(1);

	private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

	private static final Duration SWEEP_EVERY = Duration.ofHours(1);

	private final UsageSettlement settlement;

	private final MeterReportSender reports;

	private final UsageSweep sweep;

	private final MinuteLimit minuteLimit;

	private final MinuteSharing sharing;

	UsageSchedule(UsageSettlement settlement, MeterReportSender reports, UsageSweep sweep, MinuteLimit minuteLimit,
			MinuteSharing sharing) {
		this.settlement = settlement;
		this.minuteLimit = minuteLimit;
		this.sharing = sharing;
		this.reports = reports;
		this.sweep = sweep;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this.settlement::settleOnSchedule, SETTLE_EVERY, SETTLE_EVERY));
		registrar.addFixedDelayTask(new FixedDelayTask(this::shareMinutes, SETTLE_EVERY, SETTLE_EVERY));
		registrar.addFixedDelayTask(new FixedDelayTask(this::sendReports, REPORT_EVERY, REPORT_EVERY));
		registrar.addFixedDelayTask(new FixedDelayTask(this::sweep, SWEEP_EVERY, Duration.ofMinutes(1)));
		registrar
			.addFixedDelayTask(new FixedDelayTask(this::sweepMinutes, Duration.ofMinutes(1), Duration.ofMinutes(1)));
	}

	private void shareMinutes() {
		try {
			this.sharing.shareMinutes();
			this.sharing.releaseAwaitedShares();
		}
		catch (RuntimeException ex) {
			logger.warn("Minute shares could not be claimed or handed back now; the counters serve meanwhile: {}",
					ex.toString());
		}
	}

	private void sendReports() {
		try {
			this.reports.sendDue();
		}
		catch (RuntimeException ex) {
			logger.warn("Meter reports could not be sent now; they wait in the database: {}", ex.toString());
		}
	}

	private void sweepMinutes() {
		this.minuteLimit.forgetIdle();
		try {
			this.sweep.sweepMinutes();
		}
		catch (RuntimeException ex) {
			logger.warn("Usage minutes could not be swept; they are tried again in a minute: {}", ex.toString());
		}
	}

	private void sweep() {
		try {
			this.sweep.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Usage sweep failed; it runs again in an hour: {}", ex.toString());
		}
	}

}
