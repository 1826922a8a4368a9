package io.xsen.orchestrator.billing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.xsen.orchestrator.catalog.CatalogPrice;
import io.xsen.orchestrator.catalog.CatalogProduct;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads Stripe products, prices and active entitlement summaries from their JSON, as
 * events carry them and the API answers.
 */
public final class StripeCatalogObjects {

	private static final Set<String> INTERVALS = Set.of("day", "week", "month", "year");

	private StripeCatalogObjects() {
	}

	/**
	 * The product; {@code deleted} when the object or the event says Stripe deleted it.
	 */
	public static CatalogProduct product(JsonNode product, boolean deleted) {
		String id = StripeJson.requiredId(product, "id");
		Map<String, String> metadata = new LinkedHashMap<>();
		product.path("metadata").properties().forEach(entry -> {
			if (entry.getValue().isString()) {
				metadata.put(entry.getKey(), entry.getValue().stringValue());
			}
		});
		return new CatalogProduct(id, StripeJson.text(product, "name"), product.path("active").asBoolean(!deleted),
				deleted || product.path("deleted").asBoolean(false), metadata);
	}

	/**
	 * The price, naming its product whether Stripe expanded it or not.
	 */
	public static CatalogPrice price(JsonNode price, boolean deleted) {
		String id = StripeJson.requiredId(price, "id");
		String productId = StripeJson.optionalId(price, "product");
		if (productId == null) {
			throw new StripeObjectUnreadable("Price " + id + " names no product");
		}
		JsonNode recurring = price.path("recurring");
		String interval = StripeJson.text(recurring, "interval");
		JsonNode unitAmount = price.path("unit_amount");
		String currency = StripeJson.text(price, "currency");
		return new CatalogPrice(id, productId, price.path("active").asBoolean(!deleted),
				deleted || price.path("deleted").asBoolean(false),
				(currency != null) ? currency.toLowerCase(Locale.ROOT) : null,
				(unitAmount.isIntegralNumber() && unitAmount.canConvertToLong()) ? unitAmount.asLong() : null,
				(interval != null && INTERVALS.contains(interval)) ? interval : null,
				Math.max(recurring.path("interval_count").asInt(1), 1), StripeJson.text(price, "lookup_key"),
				StripeJson.text(price, "nickname"));
	}

	/**
	 * The price's product when Stripe expanded it.
	 */
	public static Optional<CatalogProduct> expandedProduct(JsonNode price) {
		JsonNode product = price.path("product");
		return product.isObject() ? Optional.of(product(product, false)) : Optional.empty();
	}

	/**
	 * The customer an active entitlement summary is for.
	 */
	public static String entitlementCustomer(JsonNode summary) {
		return StripeJson.requiredId(summary, "customer");
	}

	/**
	 * The lookup keys of the features a summary lists; empty when it carries no whole
	 * list (absent, or more than one page), which only Stripe's API then gives.
	 */
	public static Optional<List<String>> entitlementLookupKeys(JsonNode summary) {
		JsonNode entitlements = summary.path("entitlements");
		if (!entitlements.path("data").isArray() || entitlements.path("has_more").asBoolean(false)) {
			return Optional.empty();
		}
		return Optional.of(lookupKeys(entitlements.path("data")));
	}

	static List<String> lookupKeys(JsonNode data) {
		List<String> keys = new ArrayList<>();
		for (JsonNode entitlement : data.values()) {
			@Nullable String key = StripeJson.text(entitlement, "lookup_key");
			if (key != null) {
				keys.add(key);
			}
		}
		return keys;
	}

}
