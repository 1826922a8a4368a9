package io.xsen.orchestrator.subscription;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.PREMIUM;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random subscription lives (create, upgrade, downgrade, cancel at period end and undo,
 * payment failures and recoveries, cancel, resubscribe), each change sending the events
 * Stripe sends, delivered shuffled with many same-second ties: XSEN ends in the Stripe
 * fake's final state and answers chatbots by it. The seed is printed on failure; set
 * {@code -Dxsen.lifecycle.seed=N} to replay one.
 */
@IntegrationTest
@CleanSlate
class GeneratedLifecycleIntegrationTests {

	private static final int CUSTOMERS = 30;

	@Autowired
	private AccessScenario scenario;

	@Autowired
	private DatabaseRows rows;

	@Test
	void randomLifecyclesDeliveredInRandomOrderEndInStripesFinalState() {
		deliverAndCompare(true);
	}

	// Without the invoice and checkout events (whose reads of Stripe heal any order),
	// same-second ties between subscription events decide the outcome alone.
	@Test
	void randomLifecyclesOfSubscriptionEventsAloneEndInStripesFinalState() {
		deliverAndCompare(false);
	}

	private void deliverAndCompare(boolean withReadingEvents) {
		long seed = Long.getLong("xsen.lifecycle.seed", System.nanoTime());
		Random random = new Random(seed);
		List<Lifecycle> lifecycles = new ArrayList<>();
		for (int n = 0; n < CUSTOMERS; n++) {
			lifecycles.add(Lifecycle.generate("cus_gen" + n + "x" + (seed & 0xffff), random, withReadingEvents));
		}
		List<ObjectNode> events = new ArrayList<>();
		lifecycles.forEach(lifecycle -> {
			lifecycle.finalStates().values().forEach(StripeApiFake::subscriptionIs);
			events.addAll(lifecycle.events());
		});
		Collections.shuffle(events, random);

		for (ObjectNode event : events) {
			this.scenario
				.deliver(event.path("type").stringValue(), event.path("created").longValue(),
						(ObjectNode) event.path("data").path("object"))
				.expectStatus()
				.isOk();
		}

		for (Lifecycle lifecycle : lifecycles) {
			for (ObjectNode expected : lifecycle.finalStates().values()) {
				String subscription = expected.path("id").stringValue();
				Map<String, Object> row = this.rows.subscription(subscription);
				assertThat(row).as("seed %d, %s: %s", seed, subscription, lifecycle.story())
					.containsEntry("status", expected.path("status").stringValue())
					.containsEntry("price_id", price(expected))
					.containsEntry("cancel_at_period_end", expected.path("cancel_at_period_end").booleanValue());
				assertThat(AccessScenario.instant(row, "current_period_end").getEpochSecond())
					.as("seed %d, %s period end", seed, subscription)
					.isEqualTo(expected.path("items").path("data").get(0).path("current_period_end").longValue());
			}
			String token = this.scenario.tokenFor(lifecycle.customer());
			String granting = lifecycle.grantingPrice();
			EntityExchangeResult<String> chat = this.scenario.get("/api/chat", token)
				.expectBody(String.class)
				.returnResult();
			assertThat(chat.getStatus().value())
				.as("seed %d, %s /api/chat: %s answered %s", seed, lifecycle.customer(), lifecycle.story(),
						chat.getResponseBody())
				.isEqualTo((granting != null) ? HttpStatus.OK.value() : HttpStatus.FORBIDDEN.value());
			EntityExchangeResult<String> premium = this.scenario.get("/api/chat/premium", token)
				.expectBody(String.class)
				.returnResult();
			assertThat(premium.getStatus().value())
				.as("seed %d, %s /api/chat/premium answered %s", seed, lifecycle.customer(), premium.getResponseBody())
				.isEqualTo(PREMIUM.equals(granting) ? HttpStatus.OK.value() : HttpStatus.FORBIDDEN.value());
		}
	}

	private static String price(ObjectNode subscription) {
		return subscription.path("items").path("data").get(0).path("price").path("id").stringValue();
	}

	/**
	 * One customer's subscriptions over time, as Stripe would report them.
	 */
	private static final class Lifecycle {

		private final String customer;

		private final Random random;

		private final boolean withReadingEvents;

		private final List<ObjectNode> events = new ArrayList<>();

		private final Map<String, ObjectNode> finalStates = new LinkedHashMap<>();

		private final List<String> story = new ArrayList<>();

		private long time = now() - 20_000;

		private int subscriptions;

		private int invoices;

		private Lifecycle(String customer, Random random, boolean withReadingEvents) {
			this.customer = customer;
			this.random = random;
			this.withReadingEvents = withReadingEvents;
		}

		static Lifecycle generate(String customer, Random random, boolean withReadingEvents) {
			Lifecycle lifecycle = new Lifecycle(customer, random, withReadingEvents);
			ObjectNode current = lifecycle.subscribe();
			int steps = 3 + random.nextInt(7);
			for (int step = 0; step < steps; step++) {
				// Often in the same second as the previous change: Stripe's ties.
				lifecycle.time += lifecycle.random.nextInt(3);
				current = lifecycle.change(current);
			}
			return lifecycle;
		}

		private ObjectNode subscribe() {
			String id = "sub_" + this.customer.substring(4) + "s" + (++this.subscriptions);
			String status = pick("active", "active", "trialing", "incomplete");
			ObjectNode subscription = StripeFixtures.subscription(id, this.customer, status, pick(BASIC, PREMIUM),
					this.time + 30 * 86_400L);
			if (this.withReadingEvents && this.random.nextBoolean()) {
				this.events
					.add(event("checkout.session.completed", StripeFixtures.completedCheckout("cs_" + id.substring(4),
							this.customer, id, this.customer.substring(4) + "@example.com")));
			}
			emit("customer.subscription.created", subscription);
			invoice(subscription, !"incomplete".equals(status));
			return subscription;
		}

		private ObjectNode change(ObjectNode current) {
			ObjectNode next = current.deepCopy();
			switch (current.path("status").stringValue()) {
				case "incomplete" -> {
					if (this.random.nextBoolean()) {
						paid(next.put("status", "active"));
					}
					else {
						emit("customer.subscription.updated", next.put("status", "incomplete_expired"));
					}
				}
				case "trialing" -> {
					if (this.random.nextBoolean()) {
						paid(next.put("status", "active"));
					}
					else {
						emit("customer.subscription.updated", next.put("status", "paused"));
					}
				}
				case "paused", "unpaid" -> paid(next.put("status", "active"));
				case "active" -> active(next);
				case "past_due" -> pastDue(next);
				default -> {
					// canceled or incomplete_expired: the customer subscribes again.
					return subscribe();
				}
			}
			return next;
		}

		private void active(ObjectNode next) {
			switch (this.random.nextInt(6)) {
				case 0 -> {
					String price = BASIC.equals(price(next)) ? PREMIUM : BASIC;
					((ObjectNode) next.path("items").path("data").get(0).path("price")).put("id", price);
					((ObjectNode) next.path("items").path("data").get(0).path("plan")).put("id", price);
					emit("customer.subscription.updated", next);
				}
				case 1 -> emit("customer.subscription.updated",
						next.put("cancel_at_period_end", !next.path("cancel_at_period_end").booleanValue()));
				case 2 -> {
					ObjectNode item = (ObjectNode) next.path("items").path("data").get(0);
					item.put("current_period_end", item.path("current_period_end").longValue() + 30 * 86_400L);
					paid(next);
				}
				case 3, 4 -> {
					emit("customer.subscription.updated", next.put("status", "past_due"));
					invoice(next, false);
				}
				default -> emit("customer.subscription.deleted", next.put("status", "canceled"));
			}
		}

		private void pastDue(ObjectNode next) {
			switch (this.random.nextInt(4)) {
				case 0 -> paid(next.put("status", "active"));
				case 1 -> invoice(next, false);
				case 2 -> {
					emit("customer.subscription.updated", next.put("status", "unpaid"));
					invoice(next, false);
				}
				default -> {
					emit("customer.subscription.deleted", next.put("status", "canceled"));
					invoice(next, false);
				}
			}
		}

		private void paid(ObjectNode next) {
			emit("customer.subscription.updated", next);
			invoice(next, true);
		}

		private void emit(String type, ObjectNode subscription) {
			ObjectNode state = subscription.deepCopy();
			this.events.add(event(type, state));
			this.finalStates.put(state.path("id").stringValue(), state);
			this.story.add(type.substring(type.lastIndexOf('.') + 1) + ":" + state.path("status").stringValue() + "@"
					+ this.time);
		}

		private void invoice(ObjectNode subscription, boolean paid) {
			if (!this.withReadingEvents) {
				return;
			}
			long periodEnd = subscription.path("items").path("data").get(0).path("current_period_end").longValue();
			this.events.add(event(paid ? "invoice.payment_succeeded" : "invoice.payment_failed",
					StripeFixtures.invoice("in_" + this.customer.substring(4) + "i" + (++this.invoices), this.customer,
							subscription.path("id").stringValue(), price(subscription), periodEnd, paid ? 999 : 0)));
			this.story.add((paid ? "paid" : "failed") + "@" + this.time);
		}

		private ObjectNode event(String type, ObjectNode object) {
			return StripeFixtures.event("evt_" + this.customer.substring(4) + "e" + this.events.size(), type, this.time,
					object, StripeFixtures.CURRENT_API_VERSION);
		}

		private String pick(String... choices) {
			return choices[this.random.nextInt(choices.length)];
		}

		String customer() {
			return this.customer;
		}

		List<ObjectNode> events() {
			return this.events;
		}

		Map<String, ObjectNode> finalStates() {
			return this.finalStates;
		}

		String story() {
			return String.join(" ", this.story);
		}

		/**
		 * The price of the highest tier among final states that grant access (no grace in
		 * the test profile), {@code null} when none does.
		 */
		String grantingPrice() {
			String granting = null;
			for (ObjectNode state : this.finalStates.values()) {
				String status = state.path("status").stringValue();
				if ("active".equals(status) || "trialing".equals(status)) {
					granting = PREMIUM.equals(granting) ? granting : price(state);
				}
			}
			return granting;
		}

	}

}
