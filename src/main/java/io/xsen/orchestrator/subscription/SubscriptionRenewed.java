package io.xsen.orchestrator.subscription;

/**
 * A subscription's billing period moved forward: the customer keeps paying, so what they
 * were given for a period (their token) may run for another one.
 *
 * <p>
 * Published inside the transaction that records the new period, so listeners' writes
 * commit or roll back with it.
 */
public record SubscriptionRenewed(String customerId, String subscriptionId) {
}
