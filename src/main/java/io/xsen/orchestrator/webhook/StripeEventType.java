package io.xsen.orchestrator.webhook;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Stripe event types that change subscriptions, each with its rank among events
 * sharing one {@code created} second.
 *
 * <p>
 * Stripe's {@code created} has one-second resolution and one change emits several events
 * in that second, so ties are settled in the order a subscription's life moves: checkout,
 * creation, update, a failed payment, a payment that succeeded (it follows and cures a
 * failure), and deletion, which ends everything.
 */
enum StripeEventType {

	CHECKOUT_SESSION_COMPLETED("checkout.session.completed", 0),

	SUBSCRIPTION_CREATED("customer.subscription.created", 1),

	SUBSCRIPTION_UPDATED("customer.subscription.updated", 2),

	INVOICE_PAYMENT_FAILED("invoice.payment_failed", 3),

	INVOICE_PAYMENT_SUCCEEDED("invoice.payment_succeeded", 4),

	SUBSCRIPTION_DELETED("customer.subscription.deleted", 5);

	private static final Map<String, StripeEventType> BY_NAME = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(StripeEventType::stripeName, Function.identity()));

	private final String stripeName;

	private final int tieRank;

	StripeEventType(String stripeName, int tieRank) {
		this.stripeName = stripeName;
		this.tieRank = tieRank;
	}

	static Optional<StripeEventType> of(String stripeName) {
		return Optional.ofNullable(BY_NAME.get(stripeName));
	}

	String stripeName() {
		return this.stripeName;
	}

	int tieRank() {
		return this.tieRank;
	}

}
