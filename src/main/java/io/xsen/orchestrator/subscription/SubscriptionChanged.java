package io.xsen.orchestrator.subscription;

/**
 * Announced inside the transaction that changes a customer's subscription, so that
 * whoever keeps derived state (the token cache) can drop it once the change commits.
 */
public record SubscriptionChanged(String customerId) {
}
