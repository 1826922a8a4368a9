package io.xsen.orchestrator.billing;

import org.jspecify.annotations.Nullable;

/**
 * A Checkout Session XSEN asks Stripe for: one subscription price, for a known customer
 * or a new one (with their email prefilled when given).
 */
public record NewCheckout(String priceId, long quantity, @Nullable String customerId, @Nullable String customerEmail,
		String successUrl, String cancelUrl) {
}
