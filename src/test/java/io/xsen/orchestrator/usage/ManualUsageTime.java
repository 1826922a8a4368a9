package io.xsen.orchestrator.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Time that moves only when a test moves it: elapsed time and the wall clock together.
 */
final class ManualUsageTime extends UsageTime {

	private long nanos = 1_000_000_000L;

	private Instant now;

	private volatile Runnable whileSleeping = () -> {
	};

	ManualUsageTime(Instant start) {
		super(Clock.systemUTC());
		this.now = start;
	}

	/** Starts at the beginning of a clock minute. */
	static ManualUsageTime atMinuteStart() {
		return new ManualUsageTime(Instant.parse("2026-12-07T10:00:00Z"));
	}

	synchronized void advance(Duration duration) {
		this.nanos += duration.toNanos();
		this.now = this.now.plus(duration);
	}

	/**
	 * Runs {@code work} whenever a request waits, as the other instances' schedules would
	 * meanwhile.
	 */
	void whileSleeping(Runnable work) {
		this.whileSleeping = work;
	}

	/** A poll's wait passes at once, moving the time on. */
	@Override
	void sleep(Duration duration) {
		advance(duration);
		this.whileSleeping.run();
	}

	@Override
	synchronized long nanoTime() {
		return this.nanos;
	}

	@Override
	synchronized Instant now() {
		return this.now;
	}

}
