package io.xsen.orchestrator.billing;

import org.jspecify.annotations.Nullable;

/**
 * The subscription an invoice bills, and the customer's email as the invoice shows it.
 */
public record InvoiceSubscription(String subscriptionId, String customerId, @Nullable String email) {
}
