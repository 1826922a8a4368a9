package io.xsen.orchestrator.usage;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.xsen.orchestrator.catalog.CatalogProduct;
import io.xsen.orchestrator.subscription.CatalogPlan;
import io.xsen.orchestrator.subscription.TierCatalog;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Each tier's message quota per billing period and request limit per minute; {@code null}
 * stands for unlimited. A limit variable (checked at start-up) wins; else the tier's
 * product metadata in Stripe's catalog, followed as it changes; else the documented
 * default.
 */
@Component
class TierLimits {

	static final String UNLIMITED = "unlimited";

	private static final Map<String, Limits> DEFAULTS = Map.of("basic", new Limits(1000L, 20L), "premium",
			new Limits(10_000L, 60L));

	private static final Limits NONE = new Limits(null, null);

	private final Map<String, Setting> messagesByTier = new HashMap<>();

	private final Map<String, Setting> requestsByTier = new HashMap<>();

	private final TierCatalog catalog;

	TierLimits(UsageProperties properties, TierCatalog catalog) {
		this.catalog = catalog;
		properties.tiers().forEach((tier, configured) -> {
			String prefix = (DEFAULTS.containsKey(tier) ? "XSEN_TIER_" : "XSEN_USAGE_TIERS_")
					+ tier.toUpperCase(Locale.ROOT);
			setting(configured.messagesPerPeriod(), prefix + "_MESSAGES_PER_PERIOD")
				.ifPresent(setting -> this.messagesByTier.put(tier, setting));
			setting(configured.requestsPerMinute(), prefix + "_REQUESTS_PER_MINUTE")
				.ifPresent(setting -> this.requestsByTier.put(tier, setting));
		});
	}

	/**
	 * The tier's limits; a tier XSEN does not know is limited by nothing, as the security
	 * chain never lets one through.
	 */
	Limits of(@Nullable String tier) {
		if (tier == null) {
			return NONE;
		}
		Limits defaults = DEFAULTS.getOrDefault(tier, NONE);
		return new Limits(
				limit(this.messagesByTier.get(tier), tier, CatalogProduct.MESSAGES_PER_PERIOD,
						defaults.messagesPerPeriod()),
				limit(this.requestsByTier.get(tier), tier, CatalogProduct.REQUESTS_PER_MINUTE,
						defaults.requestsPerMinute()));
	}

	private @Nullable Long limit(@Nullable Setting variable, String tier, String metadataKey, @Nullable Long fallback) {
		if (variable != null) {
			return variable.limit();
		}
		String metadata = this.catalog.catalogLimit(tier, metadataKey);
		// TierCatalog passes only values that read as a limit.
		return (metadata != null) ? parse(metadata, metadataKey) : fallback;
	}

	private static Optional<Setting> setting(@Nullable String value, String variable) {
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		return Optional.of(new Setting(parse(value.trim(), variable)));
	}

	private static @Nullable Long parse(String value, String variable) {
		if (value.equalsIgnoreCase(UNLIMITED)) {
			return null;
		}
		try {
			long limit = Long.parseLong(value);
			if (limit >= 0 && limit <= Integer.MAX_VALUE) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// Named below, with what the setting takes.
		}
		throw new IllegalArgumentException(variable + " holds '" + value + "': it takes a whole number from 0 to "
				+ Integer.MAX_VALUE + ", or " + UNLIMITED);
	}

	/**
	 * The catalog's plans whose tier, with the subscription's add-on messages, allows
	 * more than {@code messagesLimit} messages a period.
	 */
	List<CatalogPlan> plansAllowingMore(long messagesLimit, long extraMessages) {
		return this.catalog.plans(tier -> {
			Long allowed = of(tier).withAddOns(extraMessages).messagesPerPeriod();
			return allowed == null || allowed > messagesLimit;
		});
	}

	/**
	 * A tier's limits.
	 *
	 * @param messagesPerPeriod messages per billing period, {@code null} for unlimited
	 * @param requestsPerMinute requests per clock minute, {@code null} for unlimited
	 */
	record Limits(@Nullable Long messagesPerPeriod, @Nullable Long requestsPerMinute) {

		/**
		 * The same limits with a subscription's add-on messages on top of the period
		 * quota; an unlimited quota stays unlimited.
		 */
		Limits withAddOns(long extraMessages) {
			return (extraMessages == 0 || this.messagesPerPeriod == null) ? this
					: new Limits(this.messagesPerPeriod + extraMessages, this.requestsPerMinute);
		}

	}

	// A limit variable as set: null inside for unlimited.
	private record Setting(@Nullable Long limit) {
	}

}
