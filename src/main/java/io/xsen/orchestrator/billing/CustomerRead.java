package io.xsen.orchestrator.billing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A Stripe customer's email as the Stripe API showed it, and the second Stripe answered
 * (its {@code Date} header), which places the read among the customer's events.
 *
 * @param saysEmail whether the answer says what the customer's email is (see
 * {@link StripeCustomer})
 * @param email the customer's address, {@code null} when the customer has none or the
 * answer does not say
 */
public record CustomerRead(String customerId, boolean saysEmail, @Nullable String email, Instant readAt) {
}
