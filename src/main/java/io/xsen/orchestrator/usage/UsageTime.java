package io.xsen.orchestrator.usage;

import java.time.Clock;
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

	/** The clock minute now in. */
	Instant currentMinute() {
		return now().truncatedTo(ChronoUnit.MINUTES);
	}

}
