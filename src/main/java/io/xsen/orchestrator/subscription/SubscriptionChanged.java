package io.xsen.orchestrator.subscription;

/**
 * Announced inside the transaction that changes a customer's subscription, so that
 * whoever keeps derived state (the token cache) can drop it once the change commits.
 *
 * @param paidPeriodChanged whether the status or the period end changed, which is all
 * that decides how long the customer's token runs
 */
public record SubscriptionChanged(String customerId, boolean paidPeriodChanged) {
}
