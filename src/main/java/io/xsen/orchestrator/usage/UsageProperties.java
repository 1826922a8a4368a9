package io.xsen.orchestrator.usage;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether chat messages are metered ({@code XSEN_METERING}), each tier's limits
 * ({@code XSEN_TIER_<TIER>_MESSAGES_PER_PERIOD},
 * {@code XSEN_TIER_<TIER>_REQUESTS_PER_MINUTE}; a whole number or {@code unlimited}), and
 * the Stripe meter usage is reported to ({@code STRIPE_METER_EVENT_NAME}, unset: none),
 * and how long messages an instance served may wait before they are recorded
 * ({@code XSEN_USAGE_SETTLE_AFTER}).
 */
@ConfigurationProperties("xsen.usage")
record UsageProperties(@DefaultValue("true") Boolean metering, @Nullable String meterEventName,
		@DefaultValue Map<String, TierUsage> tiers, @DefaultValue("0s") Duration settleAfter) {

	UsageProperties {
		meterEventName = (meterEventName == null || meterEventName.isBlank()) ? null : meterEventName.trim();
		if (settleAfter.isNegative()) {
			throw new IllegalArgumentException("XSEN_USAGE_SETTLE_AFTER must not be negative");
		}
	}

	/**
	 * One tier's limits as configured; unset values take the tier's defaults.
	 */
	record TierUsage(@Nullable String messagesPerPeriod, @Nullable String requestsPerMinute) {
	}

}
