package io.xsen.orchestrator.billing;

/**
 * One item of a subscription as Stripe holds it now: the item's own id, which a plan
 * change names, its price and quantity.
 */
public record ItemRead(String itemId, String priceId, long quantity) {
}
