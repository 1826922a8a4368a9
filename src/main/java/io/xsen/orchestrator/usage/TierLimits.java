package io.xsen.orchestrator.usage;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.xsen.orchestrator.subscription.TierCatalog;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Each tier's message quota per billing period and request limit per minute, checked at
 * start-up; {@code null} stands for unlimited.
 */
@Component
class TierLimits {

	static final String UNLIMITED = "unlimited";

	private static final Map<String, Limits> DEFAULTS = Map.of("basic", new Limits(1000L, 20L), "premium",
			new Limits(10_000L, 60L));

	private static final Limits NONE = new Limits(null, null);

	private final Map<String, Limits> limitsByTier = new HashMap<>();

	TierLimits(UsageProperties properties, TierCatalog catalog) {
		for (String tier : catalog.tiersAscending()) {
			Limits defaults = DEFAULTS.getOrDefault(tier, NONE);
			UsageProperties.TierUsage configured = properties.tiers().get(tier);
			String prefix = (DEFAULTS.containsKey(tier) ? "XSEN_TIER_" : "XSEN_USAGE_TIERS_")
					+ tier.toUpperCase(Locale.ROOT);
			this.limitsByTier.put(tier,
					new Limits(
							parse((configured != null) ? configured.messagesPerPeriod() : null,
									defaults.messagesPerPeriod(), prefix + "_MESSAGES_PER_PERIOD"),
							parse((configured != null) ? configured.requestsPerMinute() : null,
									defaults.requestsPerMinute(), prefix + "_REQUESTS_PER_MINUTE")));
		}
	}

	/**
	 * The tier's limits; a tier XSEN does not know is limited by nothing, as the security
	 * chain never lets one through.
	 */
	Limits of(@Nullable String tier) {
		return (tier != null) ? this.limitsByTier.getOrDefault(tier, NONE) : NONE;
	}

	private static @Nullable Long parse(@Nullable String value, @Nullable Long fallback, String variable) {
		if (value == null || value.isBlank()) {
			return fallback;
		}
		String trimmed = value.trim();
		if (trimmed.equalsIgnoreCase(UNLIMITED)) {
			return null;
		}
		try {
			long limit = Long.parseLong(trimmed);
			if (limit >= 0 && limit <= Integer.MAX_VALUE) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// Named below, with what the setting takes.
		}
		throw new IllegalArgumentException(variable + " holds '" + trimmed + "': it takes a whole number from 0 to "
				+ Integer.MAX_VALUE + ", or " + UNLIMITED);
	}

	/**
	 * A tier's limits.
	 *
	 * @param messagesPerPeriod messages per billing period, {@code null} for unlimited
	 * @param requestsPerMinute requests per clock minute, {@code null} for unlimited
	 */
	record Limits(@Nullable Long messagesPerPeriod, @Nullable Long requestsPerMinute) {
	}

}
