package io.xsen.orchestrator.subscription;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one subscription invoice's payment attempt, as Stripe reported it.
 */
public record InvoicePayment(String subscriptionId, String customerId, boolean succeeded, boolean amountPaidZero,
		@Nullable Instant periodEnd, List<String> priceIds, @Nullable String email) {
}
