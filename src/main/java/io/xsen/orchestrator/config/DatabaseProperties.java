package io.xsen.orchestrator.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The longest XSEN waits on PostgreSQL for one statement of a request or of scheduled
 * work ({@code XSEN_DATABASE_TIMEOUT}, 10 s by default), however the database or the
 * network between fails.
 */
@ConfigurationProperties("xsen.database")
record DatabaseProperties(@DefaultValue("10s") Duration timeout) {

	// PostgreSQL's statement_timeout stops at about 24.8 days; a day is already far past
	// any request a client waits for.
	private static final Duration LONGEST = Duration.ofDays(1);

	DatabaseProperties {
		if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(LONGEST) > 0) {
			throw new IllegalArgumentException(
					"XSEN_DATABASE_TIMEOUT must be a positive duration up to 1d (for example 10s, 500ms, 1m)");
		}
	}

	/** The bound as PostgreSQL's {@code statement_timeout} counts, rounded up. */
	long statementMillis() {
		return this.timeout.plusNanos(999_999).toMillis();
	}

	/** The bound as the driver's socket timeout counts, in whole seconds rounded up. */
	long socketSeconds() {
		return this.timeout.plusNanos(999_999_999).toSeconds();
	}

}
