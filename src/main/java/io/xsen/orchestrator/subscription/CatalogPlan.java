package io.xsen.orchestrator.subscription;

import org.jspecify.annotations.Nullable;

/**
 * A plan a chatbot can offer: a catalog price that grants a tier, named as
 * {@code POST /api/checkout} and {@code POST /api/upgrade} take it.
 *
 * @param price the price's lookup key, or its id when it has none
 * @param product the product's name
 * @param amount per unit, in the currency's smallest unit; {@code null} for a price
 * without a fixed amount
 * @param interval {@code day}, {@code week}, {@code month} or {@code year}
 */
public record CatalogPlan(String price, @Nullable String product, @Nullable Long amount, @Nullable String currency,
		@Nullable String interval, String tier) {
}
