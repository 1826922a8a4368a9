package io.xsen.orchestrator.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stripe objects built from Stripe's own OpenAPI example fixtures, with realistic ids and
 * timestamps set, in the current API shape or the pre-2025 one.
 */
public final class StripeFixtures {

	public static final String CURRENT_API_VERSION = "2025-09-30.clover";

	public static final String LEGACY_API_VERSION = "2024-06-20";

	private static final JsonMapper json = JsonMapper.builder().build();

	private StripeFixtures() {
	}

	public static ObjectNode load(String name) {
		try (InputStream in = StripeFixtures.class.getResourceAsStream("/stripe-fixtures/" + name + ".json")) {
			return (ObjectNode) json.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A subscription in the current shape: the period lives on {@code items.data[]}.
	 */
	public static ObjectNode subscription(String id, String customer, String status, String price, long periodEnd) {
		ObjectNode subscription = load("subscription");
		subscription.put("id", id);
		subscription.put("customer", customer);
		subscription.put("status", status);
		subscription.put("cancel_at_period_end", false);
		subscription.putNull("cancel_at");
		subscription.putNull("canceled_at");
		subscription.putNull("ended_at");
		ObjectNode item = (ObjectNode) subscription.path("items").path("data").get(0);
		item.put("subscription", id);
		((ObjectNode) item.path("price")).put("id", price);
		((ObjectNode) item.path("plan")).put("id", price);
		item.put("current_period_start", periodEnd - 30 * 86400);
		item.put("current_period_end", periodEnd);
		return subscription;
	}

	/**
	 * The same subscription as a pre-2025 API version shows it: the period at the top
	 * level only.
	 */
	public static ObjectNode legacySubscription(String id, String customer, String status, String price,
			long periodEnd) {
		ObjectNode subscription = subscription(id, customer, status, price, periodEnd);
		ObjectNode item = (ObjectNode) subscription.path("items").path("data").get(0);
		item.remove("current_period_start");
		item.remove("current_period_end");
		subscription.put("current_period_start", periodEnd - 30 * 86400);
		subscription.put("current_period_end", periodEnd);
		return subscription;
	}

	/**
	 * A subscription invoice in the current shape: the subscription under
	 * {@code parent.subscription_details}.
	 */
	public static ObjectNode invoice(String id, String customer, String subscription, String price, long periodEnd,
			long amountPaid) {
		ObjectNode invoice = load("invoice");
		invoice.put("id", id);
		invoice.put("customer", customer);
		invoice.put("customer_email", "customer@example.com");
		invoice.put("amount_paid", amountPaid);
		invoice.put("billing_reason", "subscription_cycle");
		ObjectNode parent = invoice.putObject("parent");
		parent.put("type", "subscription_details");
		parent.putObject("subscription_details").put("subscription", subscription).putNull("metadata");
		parent.putNull("quote_details");
		invoice.putNull("subscription");
		ObjectNode line = (ObjectNode) invoice.path("lines").path("data").get(0);
		line.put("invoice", id);
		line.putObject("period").put("start", periodEnd - 30 * 86400).put("end", periodEnd);
		ObjectNode pricing = line.putObject("pricing");
		pricing.put("type", "price_details");
		pricing.putObject("price_details").put("price", price).put("product", "prod_QXg1hqf4jFNsqG");
		return invoice;
	}

	/**
	 * The same invoice as a pre-2025 API version shows it: {@code subscription} at the
	 * top level, no {@code parent}.
	 */
	public static ObjectNode legacyInvoice(String id, String customer, String subscription, String price,
			long periodEnd, long amountPaid) {
		ObjectNode invoice = invoice(id, customer, subscription, price, periodEnd, amountPaid);
		invoice.remove("parent");
		invoice.put("subscription", subscription);
		ObjectNode line = (ObjectNode) invoice.path("lines").path("data").get(0);
		line.remove("pricing");
		line.remove("parent");
		line.putObject("price").put("id", price).put("object", "price");
		line.put("subscription", subscription);
		return invoice;
	}

	/**
	 * A Checkout Session that completed a subscription purchase.
	 */
	public static ObjectNode completedCheckout(String id, String customer, String subscription, String email) {
		ObjectNode session = load("checkout_session");
		session.put("id", id);
		session.put("mode", "subscription");
		session.put("status", "complete");
		session.put("payment_status", "paid");
		session.put("customer", customer);
		session.put("subscription", subscription);
		session.putNull("customer_email");
		((ObjectNode) session.path("customer_details")).put("email", email);
		return session;
	}

	/**
	 * A customer with this email, {@code null} for none.
	 */
	public static ObjectNode customer(String id, String email) {
		ObjectNode customer = load("customer");
		customer.put("id", id);
		customer.put("email", email);
		customer.put("created", 1_764_000_000L);
		customer.putNull("discount");
		return customer;
	}

	/**
	 * A Stripe event envelope around {@code object}.
	 */
	public static ObjectNode event(String id, String type, long created, ObjectNode object, String apiVersion) {
		ObjectNode event = load("event");
		event.put("id", id);
		event.put("type", type);
		event.put("created", created);
		event.put("api_version", apiVersion);
		event.put("livemode", false);
		event.put("pending_webhooks", 1);
		ObjectNode data = event.putObject("data");
		data.set("object", object);
		return event;
	}

	/**
	 * A product as Stripe shows it, with this metadata.
	 */
	public static ObjectNode product(String id, String name, boolean active, Map<String, String> metadata) {
		ObjectNode product = (ObjectNode) parse("{\"object\":\"product\",\"livemode\":false,\"created\":1767225600,"
				+ "\"updated\":1767225600,\"images\":[],\"marketing_features\":[],\"type\":\"service\"}");
		product.put("id", id).put("name", name).put("active", active);
		ObjectNode fields = product.putObject("metadata");
		metadata.forEach(fields::put);
		return product;
	}

	/**
	 * A recurring per-unit price as Stripe shows it.
	 */
	public static ObjectNode price(String id, String product, String currency, long unitAmount, String interval,
			String lookupKey) {
		ObjectNode price = (ObjectNode) parse("{\"object\":\"price\",\"active\":true,\"billing_scheme\":\"per_unit\","
				+ "\"livemode\":false,\"created\":1767225600,\"metadata\":{},\"nickname\":null,"
				+ "\"tax_behavior\":\"unspecified\",\"tiers_mode\":null,\"type\":\"recurring\"}");
		price.put("id", id).put("product", product).put("currency", currency).put("unit_amount", unitAmount);
		price.put("unit_amount_decimal", Long.toString(unitAmount)).put("lookup_key", lookupKey);
		price.putObject("recurring")
			.put("interval", interval)
			.put("interval_count", 1)
			.put("usage_type", "licensed")
			.putNull("meter");
		return price;
	}

	/**
	 * An active entitlement summary listing these features by lookup key.
	 */
	public static ObjectNode entitlementSummary(String customer, String... lookupKeys) {
		ObjectNode summary = (ObjectNode) parse(
				"{\"object\":\"entitlements.active_entitlement_summary\",\"livemode\":false}");
		summary.put("customer", customer);
		ObjectNode list = summary.putObject("entitlements");
		list.put("object", "list").put("has_more", false).put("url", "/v1/customer/" + customer + "/entitlements");
		ArrayNode data = list.putArray("data");
		for (String key : lookupKeys) {
			data.addObject()
				.put("id", "ent_" + key)
				.put("object", "entitlements.active_entitlement")
				.put("feature", "feat_" + key)
				.put("livemode", false)
				.put("lookup_key", key);
		}
		return summary;
	}

	public static JsonNode parse(String text) {
		return json.readTree(text);
	}

}
