package io.xsen.orchestrator.billing;

import org.jspecify.annotations.Nullable;

/**
 * The part of a Stripe customer that matters to XSEN: its id and the email Stripe holds
 * for it.
 *
 * @param email the customer's address, {@code null} when the customer has none
 */
public record StripeCustomer(String id, @Nullable String email) {
}
