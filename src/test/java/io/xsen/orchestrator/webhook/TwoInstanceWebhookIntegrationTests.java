package io.xsen.orchestrator.webhook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SecondInstance;
import io.xsen.orchestrator.support.SignedWebhooks;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.StripeFixtures.CURRENT_API_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service on one database, each handed the same Stripe delivery at
 * the same moment, apply every event once.
 */
@IntegrationTest
class TwoInstanceWebhookIntegrationTests {

	private static final long T0 = 1_764_000_000L;

	private static final long PERIOD = T0 + 30 * 86400;

	private static final int EVENTS = 42;

	/** The event types dealt round the events, and the status each leaves behind. */
	private static final String[] TYPES = { "checkout.session.completed", "customer.subscription.created",
			"customer.subscription.updated", "customer.subscription.deleted", "invoice.payment_succeeded",
			"invoice.payment_failed", "customer.created" };

	private static final String[] EXPECTED_STATUS = { "active", "trialing", "active", "canceled", "active", "past_due",
			null };

	/** Copies of each delivery per instance. */
	private static final int COPIES = 2;

	@Autowired
	private RestTestClient first;

	private final RestTestClient second = SecondInstance.client();

	@Autowired
	private DatabaseRows rows;

	@BeforeEach
	void warmBothInstancesThenCleanSlate() {
		// A cold instance's first Stripe call can outlast the 2 s read timeout on a busy
		// machine; that 503 is right, but not what this test is about.
		StripeApiFake.subscriptionIs(
				StripeFixtures.subscription("sub_twin_warm", "cus_twin_warm", "active", "price_basic_monthly", PERIOD));
		for (RestTestClient instance : List.of(this.first, this.second)) {
			String payload = StripeFixtures
				.event("evt_twin_warm_" + System.nanoTime(), "checkout.session.completed", T0,
						StripeFixtures.completedCheckout("cs_twin_warm", "cus_twin_warm", "sub_twin_warm",
								"warm@example.com"),
						CURRENT_API_VERSION)
				.toString();
			SignedWebhooks.deliver(instance, payload).expectBody().returnResult();
		}
		this.rows.clear();
		StripeApiFake.reset();
	}

	@Test
	void eachEventDeliveredToBothInstancesAtOnceIsAppliedOnceWithOneRow() throws Exception {
		List<ObjectNode> events = new ArrayList<>();
		for (int i = 0; i < EVENTS; i++) {
			events.add(event(i));
		}

		ExecutorService pool = Executors.newFixedThreadPool(4 * COPIES);
		Map<String, List<String>> outcomes = new LinkedHashMap<>();
		try {
			List<Future<String>> answers = new ArrayList<>();
			for (ObjectNode event : events) {
				String payload = event.toString();
				String signature = SignedWebhooks.signature(payload);
				CyclicBarrier together = new CyclicBarrier(2 * COPIES);
				for (int copy = 0; copy < COPIES; copy++) {
					answers.add(pool.submit(deliver(this.first, payload, signature, together)));
					answers.add(pool.submit(deliver(this.second, payload, signature, together)));
				}
			}
			for (int i = 0; i < answers.size(); i++) {
				String id = events.get(i / (2 * COPIES)).path("id").stringValue();
				outcomes.computeIfAbsent(id, key -> new ArrayList<>()).add(answers.get(i).get(30, TimeUnit.SECONDS));
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(outcomes).hasSize(EVENTS).allSatisfy((id, answers) -> {
			assertThat(answers).as(id).hasSize(2 * COPIES);
			assertThat(answers).as(id)
				.filteredOn(o -> !o.equals("duplicate"))
				.singleElement()
				.isIn("applied", "ignored");
		});
		assertThat(this.rows.events()).hasSize(EVENTS)
			.allSatisfy(e -> assertThat(e).containsEntry("status", "processed").containsEntry("attempts", 1));
		for (int i = 0; i < EVENTS; i++) {
			String type = TYPES[i % TYPES.length];
			if (type.equals("customer.created")) {
				continue;
			}
			assertThat(this.rows.subscription("sub_twin_" + i)).as(type)
				.containsEntry("status", EXPECTED_STATUS[i % TYPES.length]);
			if (type.equals("checkout.session.completed")) {
				assertThat(StripeApiFake.requestsTo("/v1/subscriptions/sub_twin_" + i)).as("Stripe asked once")
					.isEqualTo(1);
			}
		}
		assertThat(this.rows.count("subscriptions")).isEqualTo(EVENTS - EVENTS / TYPES.length);
	}

	private static ObjectNode event(int i) {
		String type = TYPES[i % TYPES.length];
		String subscription = "sub_twin_" + i;
		String customer = "cus_twin_" + i;
		ObjectNode object = switch (type) {
			case "checkout.session.completed" -> {
				StripeApiFake.subscriptionIs(
						StripeFixtures.subscription(subscription, customer, "active", "price_basic_monthly", PERIOD));
				yield StripeFixtures.completedCheckout("cs_twin_" + i, customer, subscription, "twin@example.com");
			}
			case "customer.subscription.created" ->
				StripeFixtures.subscription(subscription, customer, "trialing", "price_basic_monthly", PERIOD);
			case "customer.subscription.updated" ->
				StripeFixtures.subscription(subscription, customer, "active", "price_premium_monthly", PERIOD);
			case "customer.subscription.deleted" ->
				StripeFixtures.subscription(subscription, customer, "canceled", "price_basic_monthly", PERIOD);
			case "invoice.payment_succeeded" -> {
				StripeApiFake.subscriptionIs(
						StripeFixtures.subscription(subscription, customer, "active", "price_basic_monthly", PERIOD));
				yield StripeFixtures.invoice("in_twin_" + i, customer, subscription, "price_basic_monthly", PERIOD,
						999);
			}
			case "invoice.payment_failed" -> {
				StripeApiFake.subscriptionIs(
						StripeFixtures.subscription(subscription, customer, "past_due", "price_basic_monthly", PERIOD));
				yield StripeFixtures.invoice("in_twin_" + i, customer, subscription, "price_basic_monthly", PERIOD, 0);
			}
			default -> StripeFixtures.load("customer").put("id", customer);
		};
		return StripeFixtures.event("evt_twin_" + i, type, T0 + i, object, CURRENT_API_VERSION);
	}

	private static Callable<String> deliver(RestTestClient instance, String payload, String signature,
			CyclicBarrier together) {
		return () -> {
			together.await(30, TimeUnit.SECONDS);
			JsonNode receipt = SignedWebhooks.post(instance, payload, signature)
				.expectStatus()
				.isOk()
				.expectBody(JsonNode.class)
				.returnResult()
				.getResponseBody();
			return receipt.path("outcome").stringValue();
		};
	}

}
