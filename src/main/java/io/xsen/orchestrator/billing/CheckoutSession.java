package io.xsen.orchestrator.billing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The parts of a Stripe Checkout Session that matter to XSEN.
 *
 * @param expandedSubscription the subscription object when the session carries it
 * expanded, else {@code null}
 * @param completed when the purchase completed: Stripe records no completion time on the
 * session, so the expanded subscription's creation (made at completion), else the
 * session's own creation, which is earlier
 */
public record CheckoutSession(String id, @Nullable String mode, @Nullable String status, @Nullable String customerId,
		@Nullable String subscriptionId, @Nullable JsonNode expandedSubscription, @Nullable String email,
		@Nullable Instant created, @Nullable Instant completed, @Nullable CustomerRead customer) {

	public boolean isSubscription() {
		return "subscription".equals(this.mode);
	}

	public boolean isComplete() {
		return "complete".equals(this.status);
	}

}
