package io.xsen.orchestrator.billing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.xsen.orchestrator.catalog.CatalogPrice;
import io.xsen.orchestrator.catalog.CatalogProduct;

/**
 * Stripe's whole catalog, archived products and prices included, the lookup keys of the
 * features attached to each product, and the second Stripe answered the first page.
 */
public record CatalogRead(List<CatalogProduct> products, List<CatalogPrice> prices,
		Map<String, List<String>> featuresByProduct, Instant readAt) {
}
