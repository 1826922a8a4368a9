package io.xsen.orchestrator.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

/**
 * The billing period a subscription's messages count against: Stripe's
 * {@code current_period_start} to {@code current_period_end}.
 *
 * <p>
 * When Stripe's period has ended and the renewal's event has not arrived yet, the next
 * period is taken to start where the last ended and last as long; Stripe starts a renewed
 * period exactly there, so the renewal's event finds the usage already counted under the
 * same start.
 */
record UsagePeriod(String subscriptionId, String customerId, Instant start, Instant end) {

	static UsagePeriod current(String subscriptionId, String customerId, @Nullable Instant periodStart,
			@Nullable Instant periodEnd, Instant now) {
		// Whole seconds, as Stripe's are: the period is a key in PostgreSQL.
		Instant start = (periodStart != null) ? periodStart.truncatedTo(ChronoUnit.SECONDS) : null;
		Instant end = (periodEnd != null) ? periodEnd.truncatedTo(ChronoUnit.SECONDS) : null;
		if (start == null && end == null) {
			start = ZonedDateTime.ofInstant(now, ZoneOffset.UTC)
				.withDayOfMonth(1)
				.truncatedTo(ChronoUnit.DAYS)
				.toInstant();
		}
		else if (start == null) {
			start = ZonedDateTime.ofInstant(end, ZoneOffset.UTC).minusMonths(1).toInstant();
		}
		if (end == null || !end.isAfter(start)) {
			end = ZonedDateTime.ofInstant(start, ZoneOffset.UTC).plusMonths(1).toInstant();
		}
		if (!now.isBefore(end)) {
			Duration length = Duration.between(start, end);
			long periodsPassed = Duration.between(end, now).dividedBy(length) + 1;
			start = end.plus(length.multipliedBy(periodsPassed - 1));
			end = start.plus(length);
		}
		return new UsagePeriod(subscriptionId, customerId, start, end);
	}

	long lengthSeconds() {
		return Duration.between(this.start, this.end).toSeconds();
	}

	/**
	 * Whole seconds until the period ends, rounded up so that a caller told to wait them
	 * finds the new period.
	 */
	long secondsLeft(Instant now) {
		return secondsUntil(now, this.end);
	}

	/**
	 * Whole seconds from {@code now} until {@code then}, rounded up, never negative.
	 */
	static long secondsUntil(Instant now, Instant then) {
		return Math.max(0, (Duration.between(now, then).toMillis() + 999) / 1000);
	}

}
