package io.xsen.orchestrator.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.stereotype.Component;

/**
 * The time metering reads, in one place so that tests can move it by hand: elapsed time
 * for idleness and waits, the wall clock for minutes and periods.
 */
@Component
class UsageTime {

	private final Clock clock;

	UsageTime(Clock clock) {
		this.clock = clock;
	}

	/** Elapsed time, in nanoseconds from an arbitrary origin. */
	long nanoTime() {
		return System.nanoTime();
	}

	Instant now() {
		return this.clock.instant();
	}

	/**
	 * Waits, for a request that polls: the only sleep in metering, and without a lock.
	 */
	void sleep(Duration duration) throws InterruptedException {
		Thread.sleep(duration.toMillis());
	}

	/** The clock minute now in. */
	Instant currentMinute() {
		return now().truncatedTo(ChronoUnit.MINUTES);
	}

}
