package io.xsen.orchestrator.billing;

/**
 * A Checkout Session Stripe opened: its id, the page the buyer pays on, and whether
 * Stripe answered with a session it had opened for the same idempotency key.
 */
public record CheckoutLink(String sessionId, String url, boolean replayed) {
}
