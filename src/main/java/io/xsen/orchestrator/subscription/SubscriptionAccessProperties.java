package io.xsen.orchestrator.subscription;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a {@code past_due} subscription keeps access ({@code XSEN_PAST_DUE_GRACE}),
 * counted from when payment first failed.
 */
@ConfigurationProperties("xsen.access")
record SubscriptionAccessProperties(@DefaultValue("0") Duration pastDueGrace) {

	SubscriptionAccessProperties {
		if (pastDueGrace.isNegative()) {
			throw new IllegalArgumentException("XSEN_PAST_DUE_GRACE must not be negative (0 means no grace)");
		}
	}

}
