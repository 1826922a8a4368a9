package io.xsen.orchestrator.billing;

import java.time.Instant;

import io.xsen.orchestrator.catalog.CatalogPrice;
import io.xsen.orchestrator.catalog.CatalogProduct;
import org.jspecify.annotations.Nullable;

/**
 * One price as the Stripe API showed it, with its product when Stripe expanded it.
 */
public record PriceRead(CatalogPrice price, @Nullable CatalogProduct product, Instant readAt) {
}
