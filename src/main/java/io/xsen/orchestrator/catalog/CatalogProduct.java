package io.xsen.orchestrator.catalog;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A Stripe product as XSEN last learned it; its metadata ({@code xsen_tier},
 * {@code xsen_rank}, limits, {@code xsen_extra_messages}) says what its prices buy.
 *
 * @param active {@code false} once archived: still granting to those who hold it, no
 * longer offered
 * @param deleted whether Stripe deleted it
 */
public record CatalogProduct(String id, @Nullable String name, boolean active, boolean deleted,
		Map<String, String> metadata) {

	public static final String TIER = "xsen_tier";

	public static final String RANK = "xsen_rank";

	public static final String MESSAGES_PER_PERIOD = "xsen_messages_per_period";

	public static final String REQUESTS_PER_MINUTE = "xsen_requests_per_minute";

	public static final String EXTRA_MESSAGES = "xsen_extra_messages";

	public CatalogProduct {
		metadata = Map.copyOf(metadata);
	}

	/** The metadata value, trimmed; {@code null} when absent or blank. */
	public @Nullable String metadata(String key) {
		String value = this.metadata.get(key);
		return (value != null && !value.isBlank()) ? value.trim() : null;
	}

	/** Whether it is still offered: neither archived nor deleted. */
	public boolean offered() {
		return this.active && !this.deleted;
	}

}
