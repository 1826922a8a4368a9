package io.xsen.orchestrator.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A stand-in for the Stripe API at the HTTP boundary: stripe-java talks to it over real
 * HTTP, one server per test run.
 */
public final class StripeApiFake {

	private static WireMockServer server;

	private StripeApiFake() {
	}

	public static synchronized WireMockServer server() {
		if (server == null) {
			server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		}
		return server;
	}

	public static String baseUrl() {
		return server().baseUrl();
	}

	public static void reset() {
		server().resetAll();
	}

	public static void subscriptionIs(JsonNode subscription) {
		server().stubFor(get(urlPathEqualTo("/v1/subscriptions/" + subscription.path("id").stringValue()))
			.willReturn(okJson(subscription.toString())));
	}

	/** Stripe answers with the subscription only after {@code delay}: a slow webhook. */
	public static void subscriptionIsSlow(JsonNode subscription, Duration delay) {
		server().stubFor(get(urlPathEqualTo("/v1/subscriptions/" + subscription.path("id").stringValue()))
			.willReturn(okJson(subscription.toString()).withFixedDelay(Math.toIntExact(delay.toMillis()))));
	}

	public static void subscriptionsFailWith(int status) {
		server().stubFor(get(WireMock.urlPathMatching("/v1/subscriptions/.*")).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"Stripe is having a bad day\"}}")));
	}

	/**
	 * Stripe lists these subscriptions, whatever their status, as the customer's.
	 */
	public static void customerSubscriptionsAre(String customer, JsonNode... subscriptions) {
		ObjectNode list = (ObjectNode) StripeFixtures
			.parse("{\"object\":\"list\",\"has_more\":false,\"url\":\"/v1/subscriptions\"}");
		ArrayNode data = list.putArray("data");
		for (JsonNode subscription : subscriptions) {
			data.add(subscription);
		}
		server().stubFor(get(urlPathEqualTo("/v1/subscriptions")).withQueryParam("customer", equalTo(customer))
			.withQueryParam("status", equalTo("all"))
			.willReturn(okJson(list.toString())));
	}

	public static void subscriptionListFailsWith(int status) {
		server().stubFor(get(urlPathEqualTo("/v1/subscriptions")).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"Stripe is having a bad day\"}}")));
	}

	/** Stripe answers a retrieve of this customer with it. */
	public static void customerIs(JsonNode customer) {
		server().stubFor(get(urlPathEqualTo("/v1/customers/" + customer.path("id").stringValue()))
			.willReturn(okJson(customer.toString())));
	}

	/** Stripe answers a retrieve of this customer with it only after {@code delay}. */
	public static void customerIsSlow(JsonNode customer, Duration delay) {
		server().stubFor(get(urlPathEqualTo("/v1/customers/" + customer.path("id").stringValue()))
			.willReturn(okJson(customer.toString()).withFixedDelay(Math.toIntExact(delay.toMillis()))));
	}

	/** Stripe answers a retrieve of this Checkout Session with it. */
	public static void checkoutSessionIs(JsonNode session) {
		server().stubFor(get(urlPathEqualTo("/v1/checkout/sessions/" + session.path("id").stringValue()))
			.willReturn(okJson(session.toString())));
	}

	/**
	 * Stripe answers every Checkout Session retrieve the way it answers an unknown id.
	 */
	public static void checkoutSessionsAreUnknown() {
		server()
			.stubFor(get(WireMock.urlPathMatching("/v1/checkout/sessions/.*")).willReturn(aResponse().withStatus(404)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\","
						+ "\"message\":\"No such checkout.session\",\"param\":\"session\"}}")));
	}

	public static void checkoutSessionsFailWith(int status) {
		server()
			.stubFor(get(WireMock.urlPathMatching("/v1/checkout/sessions/.*")).willReturn(aResponse().withStatus(status)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"Stripe is having a bad day\"}}")));
	}

	/** Stripe creates billing portal sessions that send the customer to {@code url}. */
	public static void portalSessionsOpenAt(String url) {
		ObjectNode session = StripeFixtures.load("billing_portal_session");
		session.put("url", url);
		server().stubFor(post(urlPathEqualTo("/v1/billing_portal/sessions")).willReturn(okJson(session.toString())));
	}

	/** Form bodies of the billing portal sessions XSEN asked Stripe for. */
	public static List<String> portalSessionRequests() {
		return server().findAll(WireMock.postRequestedFor(urlPathEqualTo("/v1/billing_portal/sessions")))
			.stream()
			.map(request -> URLDecoder.decode(request.getBodyAsString(), StandardCharsets.UTF_8))
			.toList();
	}

	/**
	 * Stripe opens Checkout Sessions: each creation is answered with this session, open,
	 * at {@code https://checkout.stripe.com/c/pay/<id>}; {@code replayed} as Stripe
	 * answers a key it saw before.
	 */
	public static void checkoutSessionsOpenAs(String sessionId, boolean replayed) {
		ObjectNode session = StripeFixtures.load("checkout_session");
		session.put("id", sessionId);
		session.put("mode", "subscription");
		session.put("status", "open");
		session.put("url", "https://checkout.stripe.com/c/pay/" + sessionId);
		server().stubFor(post(urlPathEqualTo("/v1/checkout/sessions"))
			.willReturn(okJson(session.toString()).withHeader("Idempotent-Replayed", Boolean.toString(replayed))));
	}

	public static void checkoutSessionCreationFailsWith(int status) {
		server().stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"Stripe is having a bad day\"}}")));
	}

	/** The Checkout Sessions XSEN asked Stripe to create, in order. */
	public static List<FormRequest> checkoutSessionCreations() {
		return formRequests("/v1/checkout/sessions");
	}

	/** The billing portal sessions XSEN asked Stripe to create, in order. */
	public static List<FormRequest> portalSessionCreations() {
		return formRequests("/v1/billing_portal/sessions");
	}

	private static List<FormRequest> formRequests(String path) {
		return server().findAll(WireMock.postRequestedFor(urlPathEqualTo(path))).stream().map(request -> {
			Map<String, String> params = new LinkedHashMap<>();
			for (String pair : request.getBodyAsString().split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					params.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
							URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
				}
			}
			String key = request.containsHeader("Idempotency-Key") ? request.getHeader("Idempotency-Key") : null;
			return new FormRequest(params, key);
		}).toList();
	}

	/**
	 * A form-encoded request XSEN sent: its parameters, decoded, and its
	 * {@code Idempotency-Key}.
	 */
	public record FormRequest(Map<String, String> params, String idempotencyKey) {
	}

	/**
	 * Stripe's meter event endpoint fails once with a 500, then accepts every report, for
	 * one customer's reports: other customers', sent meanwhile by the schedule, find no
	 * stub.
	 */
	public static void meterEventsFailOnceThenAccept(String customerId) {
		String path = "/v1/billing/meter_events";
		server().stubFor(post(urlPathEqualTo(path)).withRequestBody(containing(customerId))
			.inScenario("meter events")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(500)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"Stripe is having a bad day\"}}"))
			.willSetStateTo("recovered"));
		server().stubFor(post(urlPathEqualTo(path)).withRequestBody(containing(customerId))
			.inScenario("meter events")
			.whenScenarioStateIs("recovered")
			.willReturn(okJson("{\"object\":\"billing.meter_event\",\"event_name\":\"xsen_chat_messages\","
					+ "\"livemode\":false,\"created\":1764460800,\"timestamp\":1764460800,\"payload\":{}}")));
	}

	/** Form bodies of the meter events XSEN reported to Stripe, decoded. */
	public static List<String> meterEventRequests() {
		return server().findAll(WireMock.postRequestedFor(urlPathEqualTo("/v1/billing/meter_events")))
			.stream()
			.map(request -> URLDecoder.decode(request.getBodyAsString(), StandardCharsets.UTF_8))
			.toList();
	}

	public static int requestsTo(String path) {
		return server().findAll(WireMock.anyRequestedFor(urlPathEqualTo(path))).size();
	}

	/**
	 * Stripe lists these products and prices as its whole catalog.
	 */
	public static void catalogIs(List<? extends JsonNode> products, List<? extends JsonNode> prices) {
		server().stubFor(get(urlPathEqualTo("/v1/products")).willReturn(okJson(list("/v1/products", products))));
		server().stubFor(get(urlPathEqualTo("/v1/prices")).willReturn(okJson(list("/v1/prices", prices))));
	}

	/**
	 * Stripe lists these features (by lookup key) as attached to the product, each a
	 * {@code product_feature} with its {@code entitlement_feature}.
	 */
	public static void productFeaturesAre(String productId, String... lookupKeys) {
		List<JsonNode> features = Arrays.stream(lookupKeys)
			.map(key -> StripeFixtures.parse("{\"id\":\"prodft_" + key + "\",\"object\":\"product_feature\","
					+ "\"livemode\":false,\"entitlement_feature\":{\"id\":\"feat_" + key + "\","
					+ "\"object\":\"entitlements.feature\",\"active\":true,\"livemode\":false,\"lookup_key\":\"" + key
					+ "\",\"metadata\":{},\"name\":\"" + key + "\"}}"))
			.toList();
		String path = "/v1/products/" + productId + "/features";
		server().stubFor(get(urlPathEqualTo(path)).willReturn(okJson(list(path, features))));
	}

	/**
	 * Stripe answers reads of the price with it, its product expanded.
	 */
	public static void priceIs(JsonNode price, JsonNode product) {
		ObjectNode expanded = ((ObjectNode) price).deepCopy();
		expanded.set("product", product);
		server().stubFor(get(urlPathEqualTo("/v1/prices/" + price.path("id").stringValue()))
			.willReturn(okJson(expanded.toString())));
	}

	/**
	 * Stripe cannot be reached for reads of the price.
	 */
	public static void priceFailsWith(String priceId, int status) {
		server().stubFor(get(urlPathEqualTo("/v1/prices/" + priceId)).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"Stripe is having a bad day\"}}")));
	}

	/**
	 * Stripe lists these features (by lookup key) as the customer's active entitlements.
	 */
	public static void activeEntitlementsAre(String customer, String... lookupKeys) {
		List<JsonNode> entitlements = new ArrayList<>();
		for (String key : lookupKeys) {
			entitlements
				.add(StripeFixtures.parse("{\"id\":\"ent_" + key + "\",\"object\":\"entitlements.active_entitlement\","
						+ "\"feature\":\"feat_" + key + "\",\"livemode\":false,\"lookup_key\":\"" + key + "\"}"));
		}
		server().stubFor(get(urlPathEqualTo("/v1/entitlements/active_entitlements"))
			.withQueryParam("customer", equalTo(customer))
			.willReturn(okJson(list("/v1/entitlements/active_entitlements", entitlements))));
	}

	private static String list(String url, List<? extends JsonNode> objects) {
		ObjectNode list = (ObjectNode) StripeFixtures
			.parse("{\"object\":\"list\",\"has_more\":false,\"url\":\"" + url + "\"}");
		ArrayNode data = list.putArray("data");
		objects.forEach(data::add);
		return list.toString();
	}

}
