package io.xsen.orchestrator.webhook;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Stripe event types that concern subscriptions, their customers' emails and
 * features, and the catalog; every {@code customer.subscription.*} type carries the whole
 * subscription as Stripe holds it, {@code customer.updated} the whole customer,
 * {@code product.*} and {@code price.*} the whole product or price.
 */
enum StripeEventType {

	CHECKOUT_SESSION_COMPLETED("checkout.session.completed"),

	SUBSCRIPTION_CREATED("customer.subscription.created"),

	SUBSCRIPTION_UPDATED("customer.subscription.updated"),

	SUBSCRIPTION_DELETED("customer.subscription.deleted"),

	SUBSCRIPTION_PAUSED("customer.subscription.paused"),

	SUBSCRIPTION_RESUMED("customer.subscription.resumed"),

	SUBSCRIPTION_PENDING_UPDATE_APPLIED("customer.subscription.pending_update_applied"),

	SUBSCRIPTION_PENDING_UPDATE_EXPIRED("customer.subscription.pending_update_expired"),

	SUBSCRIPTION_TRIAL_WILL_END("customer.subscription.trial_will_end"),

	CUSTOMER_UPDATED("customer.updated"),

	INVOICE_PAYMENT_FAILED("invoice.payment_failed"),

	INVOICE_PAYMENT_SUCCEEDED("invoice.payment_succeeded"),

	PRODUCT_CREATED("product.created"),

	PRODUCT_UPDATED("product.updated"),

	PRODUCT_DELETED("product.deleted"),

	PRICE_CREATED("price.created"),

	PRICE_UPDATED("price.updated"),

	PRICE_DELETED("price.deleted"),

	ENTITLEMENT_SUMMARY_UPDATED("entitlements.active_entitlement_summary.updated");

	private static final Map<String, StripeEventType> BY_NAME = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(StripeEventType::stripeName, Function.identity()));

	private final String stripeName;

	StripeEventType(String stripeName) {
		this.stripeName = stripeName;
	}

	static Optional<StripeEventType> of(String stripeName) {
		return Optional.ofNullable(BY_NAME.get(stripeName));
	}

	String stripeName() {
		return this.stripeName;
	}

}
