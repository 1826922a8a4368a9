package io.xsen.orchestrator.billing;

import java.time.Instant;

import io.xsen.orchestrator.catalog.CatalogProduct;

/**
 * One product as the Stripe API showed it, and the second Stripe answered.
 */
public record ProductRead(CatalogProduct product, Instant readAt) {
}
