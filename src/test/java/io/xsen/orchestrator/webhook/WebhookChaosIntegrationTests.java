package io.xsen.orchestrator.webhook;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SignedWebhooks;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.xsen.orchestrator.support.SignedWebhooks.deliver;
import static io.xsen.orchestrator.support.SignedWebhooks.post;
import static io.xsen.orchestrator.support.StripeFixtures.CURRENT_API_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivers Stripe events the way a bad day delivers them: in every order, many at once,
 * with Stripe's API failing, and mixed with hostile requests.
 */
@IntegrationTest
@CleanSlate
class WebhookChaosIntegrationTests {

	private static final long T0 = 1_764_000_000L;

	private static final long PERIOD_1 = T0 + 30 * 86400;

	private static final long PERIOD_2 = T0 + 60 * 86400;

	@Autowired
	private RestTestClient client;

	@Autowired
	private DatabaseRows rows;

	@Test
	void everyOrderingOfAFiveEventLifecycleWithSameSecondTiesEndsInStripesFinalState() {
		List<List<Integer>> orderings = permutations(List.of(0, 1, 2, 3, 4));
		assertThat(orderings).hasSize(120);
		for (int n = 0; n < orderings.size(); n++) {
			String subscription = "sub_lifecycle" + n;
			String customer = "cus_lifecycle" + n;
			StripeApiFake.subscriptionIs(
					StripeFixtures.subscription(subscription, customer, "canceled", "price_premium_monthly", PERIOD_2));
			// Created and upgraded share a second; so do the failed payment, the payment
			// that cures it and the cancellation.
			List<ObjectNode> lifecycle = List.of(
					subscriptionEvent(n + "_created", "customer.subscription.created", T0, subscription, customer,
							"active", "price_basic_monthly", PERIOD_1),
					subscriptionEvent(n + "_upgraded", "customer.subscription.updated", T0, subscription, customer,
							"active", "price_premium_monthly", PERIOD_1),
					invoiceEvent(n + "_failed", "invoice.payment_failed", T0 + 100, subscription, customer, PERIOD_2,
							0),
					invoiceEvent(n + "_paid", "invoice.payment_succeeded", T0 + 100, subscription, customer, PERIOD_2,
							1999),
					subscriptionEvent(n + "_deleted", "customer.subscription.deleted", T0 + 100, subscription, customer,
							"canceled", "price_premium_monthly", PERIOD_2));
			for (int index : orderings.get(n)) {
				deliver(this.client, lifecycle.get(index)).expectStatus().isOk();
			}
			Map<String, Object> row = this.rows.subscription(subscription);
			assertThat(row).as("ordering %s", orderings.get(n))
				.containsEntry("status", "canceled")
				.containsEntry("tier", "premium")
				.containsEntry("price_id", "price_premium_monthly")
				.containsEntry("stripe_customer_id", customer);
			assertThat(((Timestamp) row.get("current_period_end")).toInstant()).as("ordering %s", orderings.get(n))
				.isEqualTo(Instant.ofEpochSecond(PERIOD_2));
		}
		assertThat(this.rows.count("subscriptions")).isEqualTo(120);
		assertThat(this.rows.count("stripe_events")).isEqualTo(600);
	}

	@Test
	void everyEventTypeDeliveredManyTimesAtOnceHasOneEffectAndOneRow() throws Exception {
		StripeApiFake.subscriptionIs(StripeFixtures.subscription("sub_storm_checkout", "cus_storm_checkout", "active",
				"price_basic_monthly", PERIOD_1));
		StripeApiFake.subscriptionIs(StripeFixtures.subscription("sub_storm_paid", "cus_storm_paid", "active",
				"price_basic_monthly", PERIOD_1));
		StripeApiFake.subscriptionIs(StripeFixtures.subscription("sub_storm_failed", "cus_storm_failed", "past_due",
				"price_basic_monthly", PERIOD_1));
		List<ObjectNode> events = List.of(
				event("evt_storm_checkout", "checkout.session.completed", T0,
						StripeFixtures.completedCheckout("cs_storm", "cus_storm_checkout", "sub_storm_checkout",
								"storm@example.com")),
				subscriptionEvent("storm_created", "customer.subscription.created", T0, "sub_storm_created",
						"cus_storm_created", "active", "price_basic_monthly", PERIOD_1),
				subscriptionEvent("storm_updated", "customer.subscription.updated", T0, "sub_storm_updated",
						"cus_storm_updated", "active", "price_premium_monthly", PERIOD_1),
				subscriptionEvent("storm_deleted", "customer.subscription.deleted", T0, "sub_storm_deleted",
						"cus_storm_deleted", "canceled", "price_basic_monthly", PERIOD_1),
				invoiceEvent("storm_paid", "invoice.payment_succeeded", T0, "sub_storm_paid", "cus_storm_paid",
						PERIOD_1, 999),
				invoiceEvent("storm_failed", "invoice.payment_failed", T0, "sub_storm_failed", "cus_storm_failed",
						PERIOD_1, 0),
				event("evt_storm_other", "customer.created", T0, StripeFixtures.load("customer")));
		int copies = 16;
		ExecutorService pool = Executors.newFixedThreadPool(copies);
		try {
			for (ObjectNode event : events) {
				String payload = event.toString();
				String signature = SignedWebhooks.signature(payload);
				List<Callable<String>> deliveries = Collections.nCopies(copies,
						() -> outcome(post(this.client, payload, signature)));
				List<String> outcomes = new ArrayList<>();
				for (Future<String> answer : pool.invokeAll(deliveries)) {
					outcomes.add(answer.get());
				}
				assertThat(outcomes).as(event.path("type").stringValue())
					.filteredOn(o -> !o.equals("duplicate"))
					.singleElement()
					.isIn("applied", "ignored");
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.rows.count("subscriptions")).isEqualTo(6);
		assertThat(this.rows.events()).hasSize(7)
			.allSatisfy(e -> assertThat(e).containsEntry("status", "processed").containsEntry("attempts", 1));
		assertThat(StripeApiFake.requestsTo("/v1/subscriptions/sub_storm_checkout")).isEqualTo(1);
	}

	@Test
	void aStripeApiTimeoutDuringCheckoutAsksStripeToRetryAndLosesNothing() {
		StripeApiFake.server()
			.stubFor(get(urlPathMatching("/v1/subscriptions/.*"))
				.willReturn(aResponse().withFixedDelay(3000).withStatus(200).withBody("{}")));
		ObjectNode checkout = event("evt_checkout_timeout", "checkout.session.completed", T0,
				StripeFixtures.completedCheckout("cs_timeout", "cus_timeout", "sub_timeout", "slow@example.com"));

		deliver(this.client, checkout).expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(this.rows.count("subscriptions")).isZero();
		assertThat(this.rows.events()).singleElement().satisfies(e -> assertThat(e).containsEntry("status", "failed"));

		StripeApiFake.reset();
		StripeApiFake.subscriptionIs(
				StripeFixtures.subscription("sub_timeout", "cus_timeout", "active", "price_basic_monthly", PERIOD_1));
		deliver(this.client, checkout).expectStatus().isOk();
		assertThat(this.rows.subscription("sub_timeout")).containsEntry("status", "active")
			.containsEntry("email", "slow@example.com");
	}

	@Test
	void hostileRequestsNeverGetA5xxAndUnverifiedOnesNeverWrite() {
		Random random = new Random(42);
		StripeApiFake.subscriptionIs(
				StripeFixtures.subscription("sub_hostile", "cus_hostile", "active", "price_basic_monthly", PERIOD_1));
		String valid = subscriptionEvent("hostile_base", "customer.subscription.updated", T0, "sub_hostile",
				"cus_hostile", "active", "price_basic_monthly", PERIOD_1)
			.toString();
		long now = Instant.now().getEpochSecond();
		List<Request> unverified = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			unverified.add(new Request(valid, null, MediaType.APPLICATION_JSON));
			unverified
				.add(new Request(valid, garble(SignedWebhooks.signature(valid), random), MediaType.APPLICATION_JSON));
			unverified
				.add(new Request(valid, SignedWebhooks.signature(valid, SignedWebhooks.SECRET, now - 400 - i * 97),
						MediaType.APPLICATION_JSON));
			unverified
				.add(new Request(valid, SignedWebhooks.signature(valid, SignedWebhooks.SECRET, now + 400 + i * 97),
						MediaType.APPLICATION_JSON));
			unverified.add(new Request(valid, SignedWebhooks.signature(valid, "whsec_attacker_" + i, now),
					MediaType.APPLICATION_JSON));
			String truncated = valid.substring(0, random.nextInt(valid.length()));
			unverified.add(new Request(truncated, SignedWebhooks.signature(valid), MediaType.APPLICATION_JSON));
			unverified.add(new Request(valid, SignedWebhooks.signature(valid), MediaType.TEXT_PLAIN)
				.withBody(valid.replace("active", "past_due")));
		}
		unverified.add(new Request(valid, "t=" + now + ",v1=", MediaType.APPLICATION_JSON));
		unverified.add(new Request(valid, "v1=" + "a".repeat(64), MediaType.APPLICATION_JSON));
		unverified.add(new Request(valid, "t=abc,v1=" + "a".repeat(64), MediaType.APPLICATION_JSON));
		for (Request request : unverified) {
			assertThat(send(request)).as("%s %s", request.signature(), request.type()).isBetween(400, 499);
		}
		// Invalid UTF-8, signed over the bytes as sent.
		byte[] invalidUtf8 = valid.replace("active", "act\u00ffve").getBytes(StandardCharsets.ISO_8859_1);
		this.client.post()
			.uri("/webhooks/stripe")
			.header("Stripe-Signature", SignedWebhooks.signature(new String(invalidUtf8, StandardCharsets.ISO_8859_1)))
			.contentType(MediaType.APPLICATION_JSON)
			.body(invalidUtf8)
			.exchange()
			.expectStatus()
			.isBadRequest();
		assertThat(this.rows.count("stripe_events")).isZero();
		assertThat(this.rows.count("subscriptions")).isZero();

		List<Request> signed = new ArrayList<>();
		signed.add(signedRequest("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
		signed.add(signedRequest("{\"id\":\"evt_big\",\"pad\":\"" + "x".repeat(1_100_000) + "\"}"));
		signed.add(signedRequest(valid.substring(0, valid.length() / 2)));
		signed.add(signedRequest("null"));
		signed.add(signedRequest(""));
		String[] nasties = { "'; DROP TABLE subscriptions; --", "<script>alert(1)</script>", "\u0000", "\"",
				"${jndi:ldap://x/a}", "../../etc/passwd", "\ud800", "' OR '1'='1", "%00", "\\u0000" };
		List<String> stringFields = List.of("id", "customer", "status", "object", "collection_method", "currency");
		int n = 0;
		for (String nasty : nasties) {
			for (String field : stringFields) {
				int index = n++;
				signed.add(signedRequest(mutate(valid, event -> {
					event.put("id", "evt_nasty_" + index);
					((ObjectNode) event.path("data").path("object")).put(field, nasty);
					return event;
				})));
			}
			int index = n++;
			signed.add(signedRequest(mutate(valid, event -> {
				event.put("id", "evt_nasty_" + index);
				event.put("type", nasty);
				return event;
			})));
			signed.add(signedRequest(mutate(valid, event -> {
				event.put("id", nasty);
				return event;
			})));
			int typeIndex = n++;
			signed.add(signedRequest(mutate(valid, event -> {
				event.put("id", "evt_nasty_" + typeIndex);
				event.put("type", "invoice.payment_succeeded");
				((ObjectNode) event.path("data").path("object")).put("customer_email", nasty);
				return event;
			})));
		}
		for (String type : List.of("charge.succeeded", "v2.core.event", "customer.subscription.paused",
				"invoice.finalized", "x".repeat(300))) {
			int index = n++;
			signed.add(signedRequest(mutate(valid, event -> {
				event.put("id", "evt_other_" + index);
				event.put("type", type);
				event.put("api_version", "2019-12-03");
				return event;
			})));
		}
		for (Request request : signed) {
			assertThat(send(request)).as(request.body().substring(0, Math.min(200, request.body().length())))
				.isLessThan(500);
		}
		assertThat(unverified.size() + 1 + signed.size()).isGreaterThanOrEqualTo(200);
		assertThat(this.rows.subscriptions())
			.allSatisfy(row -> assertThat(row.get("stripe_customer_id").toString()).matches("[A-Za-z0-9_]+"));
	}

	private Request signedRequest(String payload) {
		return new Request(payload, SignedWebhooks.signature(payload), MediaType.APPLICATION_JSON);
	}

	private int send(Request request) {
		RestTestClient.RequestBodySpec spec = this.client.post().uri("/webhooks/stripe").contentType(request.type());
		if (request.signature() != null) {
			spec.header("Stripe-Signature", request.signature());
		}
		return spec.body(request.body()).exchange().expectBody().returnResult().getStatus().value();
	}

	private static String mutate(String payload, UnaryOperator<ObjectNode> change) {
		ObjectNode event = (ObjectNode) StripeFixtures.parse(payload);
		return change.apply(event).toString();
	}

	private static String garble(String signature, Random random) {
		char[] chars = signature.toCharArray();
		int at = chars.length - 1 - random.nextInt(10);
		chars[at] = (chars[at] == 'a') ? 'b' : 'a';
		return new String(chars);
	}

	private static String outcome(RestTestClient.ResponseSpec response) {
		EntityExchangeResult<JsonNode> result = response.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult();
		return result.getResponseBody().path("outcome").stringValue();
	}

	private static ObjectNode subscriptionEvent(String id, String type, long created, String subscription,
			String customer, String status, String price, long periodEnd) {
		return event("evt_" + id, type, created,
				StripeFixtures.subscription(subscription, customer, status, price, periodEnd));
	}

	private static ObjectNode invoiceEvent(String id, String type, long created, String subscription, String customer,
			long periodEnd, long amountPaid) {
		return event("evt_" + id, type, created, StripeFixtures.invoice("in_" + id, customer, subscription,
				"price_basic_monthly", periodEnd, amountPaid));
	}

	private static ObjectNode event(String id, String type, long created, ObjectNode object) {
		return StripeFixtures.event(id, type, created, object, CURRENT_API_VERSION);
	}

	private static List<List<Integer>> permutations(List<Integer> items) {
		if (items.isEmpty()) {
			return List.of(List.of());
		}
		List<List<Integer>> result = new ArrayList<>();
		for (Integer first : items) {
			List<Integer> rest = new ArrayList<>(items);
			rest.remove(first);
			for (List<Integer> tail : permutations(rest)) {
				List<Integer> ordering = new ArrayList<>();
				ordering.add(first);
				ordering.addAll(tail);
				result.add(ordering);
			}
		}
		return result;
	}

	private record Request(String body, String signature, MediaType type) {

		Request withBody(String other) {
			return new Request(other, this.signature, this.type);
		}

	}

}
