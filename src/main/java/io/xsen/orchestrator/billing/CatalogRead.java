package io.xsen.orchestrator.billing;

import java.time.Instant;
import java.util.List;

import io.xsen.orchestrator.catalog.CatalogPrice;
import io.xsen.orchestrator.catalog.CatalogProduct;

/**
 * Stripe's whole catalog, archived products and prices included, and the second Stripe
 * answered the first page.
 */
public record CatalogRead(List<CatalogProduct> products, List<CatalogPrice> prices, Instant readAt) {
}
