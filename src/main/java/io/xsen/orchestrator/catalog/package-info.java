/**
 * Stripe's catalog as XSEN keeps it: products with the metadata that grants tiers and
 * add-ons, their prices, and each customer's Stripe Entitlements features.
 */
@NullMarked
package io.xsen.orchestrator.catalog;

import org.jspecify.annotations.NullMarked;
