package io.xsen.orchestrator.billing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.xsen.orchestrator.subscription.SubscriptionItem;
import io.xsen.orchestrator.subscription.SubscriptionPrice;
import io.xsen.orchestrator.subscription.SubscriptionSnapshot;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Reads Stripe subscriptions, invoices, checkout sessions and customers in both the
 * current API shape and the pre-2025 one.
 *
 * <p>
 * Events arrive in the webhook endpoint's API version, not the one stripe-java is pinned
 * to, so these readers work on the JSON itself: period ends live on {@code items.data[]}
 * now and at the top level before; an invoice names its subscription under
 * {@code parent.subscription_details} now and at the top level before.
 */
public final class StripeObjects {

	private static final Logger logger = LoggerFactory.getLogger(StripeObjects.class);

	private static final Set<String> INTERVALS = Set.of("day", "week", "month", "year");

	private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");

	private StripeObjects() {
	}

	public static SubscriptionSnapshot subscription(JsonNode subscription) {
		String id = StripeJson.requiredId(subscription, "id");
		String customerId = StripeJson.requiredId(subscription, "customer");
		String status = StripeJson.text(subscription, "status");
		if (status == null || !StripeJson.SUBSCRIPTION_STATUSES.contains(status)) {
			throw new StripeObjectUnreadable("Subscription " + id + " has no known status");
		}
		List<SubscriptionItem> items = new ArrayList<>();
		List<SubscriptionPrice> prices = new ArrayList<>();
		for (JsonNode item : subscription.path("items").path("data").values()) {
			String priceId = StripeJson.optionalId(item, "price");
			String planId = StripeJson.optionalId(item, "plan");
			if (priceId != null || planId != null) {
				items.add(new SubscriptionItem((priceId != null) ? priceId : planId, quantity(item),
						StripeJson.epochSeconds(item, "current_period_start"),
						StripeJson.epochSeconds(item, "current_period_end")));
			}
			SubscriptionPrice price = price(item);
			if (price != null) {
				prices.add(price);
			}
		}
		// Subscriptions from before multiple items name their plan at the top level.
		String planId = StripeJson.optionalId(subscription, "plan");
		if (planId != null && items.stream().noneMatch(item -> item.priceId().equals(planId))) {
			items.add(new SubscriptionItem(planId, quantity(subscription), null, null));
		}
		Instant startedAt = StripeJson.epochSeconds(subscription, "start_date");
		return new SubscriptionSnapshot(id, customerId, status, List.copyOf(items),
				StripeJson.epochSeconds(subscription, "current_period_start"),
				StripeJson.epochSeconds(subscription, "current_period_end"),
				subscription.path("cancel_at_period_end").asBoolean(false), List.copyOf(prices),
				(startedAt != null) ? startedAt : StripeJson.epochSeconds(subscription, "created"),
				StripeJson.epochSeconds(subscription, "canceled_at"),
				StripeJson.epochSeconds(subscription, "ended_at"));
	}

	// An item's expanded price (the plan in older API versions): what the console counts
	// as revenue. A price id alone says nothing of its amount.
	private static @Nullable SubscriptionPrice price(JsonNode item) {
		JsonNode price = item.path("price");
		if (!price.isObject()) {
			return null;
		}
		String id = StripeJson.optionalId(price, "id");
		if (id == null) {
			return null;
		}
		JsonNode recurring = price.path("recurring");
		String interval = StripeJson.text(recurring, "interval");
		String currency = StripeJson.text(price, "currency");
		JsonNode unitAmount = price.path("unit_amount");
		long quantity = quantity(item);
		Long amount = (unitAmount.isIntegralNumber() && unitAmount.canConvertToLong() && quantity >= 0)
				? unitAmount.asLong() * quantity : null;
		int intervalCount = recurring.path("interval_count").asInt(1);
		boolean knownInterval = interval != null && INTERVALS.contains(interval);
		return new SubscriptionPrice(id, amount,
				(currency != null && CURRENCY.matcher(currency).matches()) ? currency.toLowerCase(Locale.ROOT) : null,
				knownInterval ? interval : null, Math.max(intervalCount, 1));
	}

	// Stripe leaves the quantity out for metered prices, which are billed by use: such an
	// item counts as one.
	private static long quantity(JsonNode item) {
		JsonNode quantity = item.path("quantity");
		return (quantity.isIntegralNumber() && quantity.canConvertToLong()) ? quantity.asLong() : 1;
	}

	/**
	 * The subscription an invoice bills, or empty for an invoice that belongs to no
	 * subscription. An invoice says nothing of the subscription's status: a declined
	 * upgrade under {@code pending_if_incomplete} leaves it {@code active}, a paid old
	 * invoice leaves it {@code past_due}; so the status is read from Stripe, never
	 * guessed from here.
	 */
	public static Optional<InvoiceSubscription> invoiceSubscription(JsonNode invoice) {
		String subscriptionId = StripeJson.optionalId(invoice.path("parent").path("subscription_details"),
				"subscription");
		if (subscriptionId == null) {
			subscriptionId = StripeJson.optionalId(invoice, "subscription");
		}
		if (subscriptionId == null) {
			return Optional.empty();
		}
		// The periods are read from Stripe, yet one no database can hold marks the event
		// unreadable rather than worth a Stripe call.
		StripeJson.epochSeconds(invoice, "period_start");
		StripeJson.epochSeconds(invoice, "period_end");
		for (JsonNode line : invoice.path("lines").path("data").values()) {
			StripeJson.epochSeconds(line.path("period"), "start");
			StripeJson.epochSeconds(line.path("period"), "end");
		}
		return Optional.of(new InvoiceSubscription(subscriptionId, StripeJson.requiredId(invoice, "customer"),
				StripeJson.email(invoice, "customer_email")));
	}

	/**
	 * A customer object, as a {@code customer.*} event carries it or the Stripe API
	 * expands it; empty for a bare customer id and for a deleted customer, which shows no
	 * email. Only an explicit {@code null} says the customer has no email: a missing
	 * field says nothing, and neither does a value that is not an address, which is
	 * logged.
	 */
	public static Optional<StripeCustomer> customer(JsonNode customer) {
		if (!customer.isObject() || customer.path("deleted").asBoolean(false)) {
			return Optional.empty();
		}
		String id = customerId(customer);
		JsonNode field = customer.path("email");
		if (field.isNull()) {
			return Optional.of(new StripeCustomer(id, true, null));
		}
		String email = StripeJson.email(customer, "email");
		if (email == null && !field.isMissingNode()) {
			logger.warn("Stripe shows customer {} with an email that is not an address: the email XSEN keeps for "
					+ "them stays as it was", id);
		}
		return Optional.of(new StripeCustomer(id, email != null, email));
	}

	/**
	 * The id of a customer object, its other fields unread.
	 */
	public static String customerId(JsonNode customer) {
		return StripeJson.requiredId(customer, "id");
	}

	/**
	 * A Checkout Session as an event carries it.
	 */
	public static CheckoutSession checkoutSession(JsonNode session) {
		return checkoutSession(session, null);
	}

	/**
	 * A Checkout Session as the Stripe API answered at {@code readAt}, its customer read
	 * too when Stripe expanded it.
	 */
	static CheckoutSession checkoutSession(JsonNode session, @Nullable Instant readAt) {
		JsonNode subscription = session.path("subscription");
		boolean expanded = subscription.isObject() && subscription.has("status");
		String email = StripeJson.email(session.path("customer_details"), "email");
		Instant created = StripeJson.epochSeconds(session, "created");
		Instant subscriptionCreated = expanded ? StripeJson.epochSeconds(subscription, "created") : null;
		CustomerRead customer = (readAt != null)
				? customer(session.path("customer")).map(read -> read.readAt(readAt)).orElse(null) : null;
		return new CheckoutSession(StripeJson.requiredId(session, "id"), StripeJson.text(session, "mode"),
				StripeJson.text(session, "status"), StripeJson.optionalId(session, "customer"),
				StripeJson.optionalId(session, "subscription"), expanded ? subscription : null,
				(email != null) ? email : StripeJson.email(session, "customer_email"), created,
				(subscriptionCreated != null) ? subscriptionCreated : created, customer);
	}

}
