package io.xsen.orchestrator.subscription;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.PREMIUM;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The event sequences Stripe really sends (Stripe's docs on upgrades with
 * {@code pending_if_incomplete}, 3-D Secure on a first invoice, Smart Retries, trials),
 * delivered in every order and with same-second ties, against a Stripe API fake that
 * holds Stripe's real state: the rows and a chatbot's answers follow Stripe.
 */
@IntegrationTest
@CleanSlate
@TestPropertySource(properties = "xsen.access.past-due-grace=3d")
class StripeSequencesIntegrationTests {

	private static final String CUSTOMER = "cus_SeqQXg1o8vcGmo";

	private static final String SUBSCRIPTION = "sub_1SeqB7WZ01zgkWNy0C";

	@Autowired
	private AccessScenario scenario;

	@Autowired
	private DatabaseRows rows;

	@Test
	void aDeclinedUpgradeUnderPendingIfIncompleteKeepsTheOldTierInEveryOrder() {
		long t = now() - 600;
		ObjectNode active = subscription("active", BASIC, inDays(20));
		ObjectNode withPendingUpdate = subscription("active", BASIC, inDays(20));
		withPendingUpdate.putObject("pending_update")
			.put("expires_at", t + 82_800)
			.putNull("billing_cycle_anchor")
			.putNull("trial_end")
			.putArray("subscription_items")
			.addObject()
			.put("id", "si_pending")
			.putObject("price")
			.put("id", PREMIUM);
		StripeApiFake.subscriptionIs(withPendingUpdate);
		List<Delivery> sequence = List.of(new Delivery("customer.subscription.created", t - 3600, active),
				new Delivery("customer.subscription.updated", t, withPendingUpdate),
				new Delivery("invoice.payment_failed", t, invoice("in_proration", PREMIUM, inDays(20), 0)));

		for (List<Delivery> order : orders(sequence)) {
			this.rows.clear();
			order.forEach(this::deliver);
			String token = this.scenario.tokenFor(CUSTOMER);

			assertThat(this.rows.subscription(SUBSCRIPTION)).as(describe(order))
				.containsEntry("status", "active")
				.containsEntry("tier", "basic");
			this.scenario.get("/api/chat", token).expectStatus().isOk();
			this.scenario.get("/api/chat/premium", token)
				.expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("tier_required");
		}
	}

	@Test
	void aFirstInvoiceNeedingThreeDSecureGrantsNothingUntilPaidWhateverTheGrace() {
		long t = now() - 600;
		ObjectNode incomplete = subscription("incomplete", PREMIUM, inDays(30));
		StripeApiFake.subscriptionIs(incomplete);
		List<Delivery> declined = List.of(new Delivery("customer.subscription.created", t, incomplete),
				new Delivery("invoice.payment_failed", t, invoice("in_first", PREMIUM, inDays(30), 0)));
		for (List<Delivery> order : orders(declined)) {
			this.rows.clear();
			order.forEach(this::deliver);
			String token = this.scenario.tokenFor(CUSTOMER);
			assertThat(this.rows.subscription(SUBSCRIPTION)).as(describe(order)).containsEntry("status", "incomplete");
			this.scenario.get("/api/chat", token)
				.expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("subscription_inactive")
				.jsonPath("$.subscription_status")
				.isEqualTo("incomplete");
		}
		String token = this.scenario.tokenFor(CUSTOMER);

		// The customer completes 3-D Secure: Stripe activates and pays in one second.
		ObjectNode active = subscription("active", PREMIUM, inDays(30));
		StripeApiFake.subscriptionIs(active);
		deliver(new Delivery("invoice.payment_succeeded", t + 300, invoice("in_first", PREMIUM, inDays(30), 1999)));
		deliver(new Delivery("customer.subscription.updated", t + 300, active));
		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "active");
		this.scenario.get("/api/chat/premium", token).expectStatus().isOk();
	}

	@Test
	void aFirstInvoiceNeverPaidExpiresTheSubscription() {
		long t = now() - 90_000;
		StripeApiFake.subscriptionIs(subscription("incomplete_expired", PREMIUM, inDays(30)));
		deliver(new Delivery("customer.subscription.updated", t + 82_800,
				subscription("incomplete_expired", PREMIUM, inDays(30))));
		deliver(new Delivery("invoice.payment_failed", t, invoice("in_first", PREMIUM, inDays(30), 0)));
		deliver(new Delivery("customer.subscription.created", t, subscription("incomplete", PREMIUM, inDays(30))));

		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "incomplete_expired");
		this.scenario.get("/api/chat", this.scenario.tokenFor(CUSTOMER)).expectStatus().isForbidden();
	}

	@Test
	void anOlderInvoicePaidWhileTheLatestIsUnpaidLeavesItPastDue() {
		long t = now() - 600;
		ObjectNode pastDue = subscription("past_due", BASIC, inDays(10));
		StripeApiFake.subscriptionIs(pastDue);
		deliver(new Delivery("customer.subscription.updated", t, pastDue));
		deliver(new Delivery("invoice.payment_failed", t, invoice("in_latest", BASIC, inDays(10), 0)));

		deliver(new Delivery("invoice.payment_succeeded", t + 200, invoice("in_older", BASIC, inDays(-20), 999)));

		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "past_due");
	}

	@Test
	void aTrialThatConvertsIsTrialingThenActiveAndOneWithoutAPaymentMethodIsPausedWithoutAccess() {
		long t = now() - 600;
		ObjectNode trialing = subscription("trialing", BASIC, inDays(14));
		StripeApiFake.subscriptionIs(trialing);
		deliver(new Delivery("invoice.payment_succeeded", t, invoice("in_trial", BASIC, inDays(14), 0)));
		deliver(new Delivery("customer.subscription.created", t, trialing));
		String token = this.scenario.tokenFor(CUSTOMER);
		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "trialing");
		this.scenario.get("/api/chat", token).expectStatus().isOk();

		ObjectNode converted = subscription("active", BASIC, inDays(44));
		StripeApiFake.subscriptionIs(converted);
		deliver(new Delivery("invoice.payment_succeeded", t + 100, invoice("in_first_paid", BASIC, inDays(44), 999)));
		deliver(new Delivery("customer.subscription.updated", t + 100, converted));
		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "active");

		ObjectNode paused = subscription("paused", BASIC, inDays(44));
		StripeApiFake.subscriptionIs(paused);
		deliver(new Delivery("customer.subscription.updated", t + 200, paused));
		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "paused");
		this.scenario.get("/api/chat", token)
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.subscription_status")
			.isEqualTo("paused");
	}

	@Test
	void twoUpdatesInOneSecondEndInStripesFinalStateInEitherOrderAskingStripeOnce() {
		long t = now() - 600;
		ObjectNode premium = subscription("active", PREMIUM, inDays(30));
		ObjectNode basic = subscription("active", BASIC, inDays(30));
		StripeApiFake.subscriptionIs(basic);
		for (List<ObjectNode> order : List.of(List.of(premium, basic), List.of(basic, premium))) {
			this.rows.clear();
			StripeApiFake.server().resetRequests();
			deliver(new Delivery("customer.subscription.created", t - 100, subscription("active", BASIC, inDays(30))));
			order.forEach(subscription -> deliver(new Delivery("customer.subscription.updated", t, subscription)));

			assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("tier", "basic");
			assertThat(StripeApiFake.requestsTo("/v1/subscriptions/" + SUBSCRIPTION)).isEqualTo(1);
			this.scenario.get("/api/chat/premium", this.scenario.tokenFor(CUSTOMER)).expectStatus().isForbidden();
		}

		ObjectNode cancelling = subscription("active", BASIC, inDays(30)).put("cancel_at_period_end", true);
		ObjectNode kept = subscription("active", BASIC, inDays(30));
		StripeApiFake.subscriptionIs(kept);
		for (List<ObjectNode> order : List.of(List.of(cancelling, kept), List.of(kept, cancelling))) {
			this.rows.clear();
			order.forEach(subscription -> deliver(new Delivery("customer.subscription.updated", t, subscription)));
			assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("cancel_at_period_end", false);
		}
	}

	@Test
	void aCheckoutAndItsSubscriptionCreatedInOneSecondEndInStripesStateInEitherOrder() {
		long t = now() - 600;
		StripeApiFake.subscriptionIs(subscription("active", PREMIUM, inDays(30)));
		ObjectNode checkout = StripeFixtures.completedCheckout("cs_test_seq", CUSTOMER, SUBSCRIPTION,
				"ada@example.com");
		List<Delivery> sequence = List.of(new Delivery("checkout.session.completed", t, checkout),
				new Delivery("customer.subscription.created", t, subscription("incomplete", PREMIUM, inDays(30))));
		for (List<Delivery> order : orders(sequence)) {
			this.rows.clear();
			order.forEach(this::deliver);
			assertThat(this.rows.subscription(SUBSCRIPTION)).as(describe(order))
				.containsEntry("status", "active")
				.containsEntry("email", "ada@example.com");
		}
	}

	@Test
	void anOrdinaryNewerSubscriptionEventCallsNoStripeApi() {
		long t = now() - 600;
		deliver(new Delivery("customer.subscription.created", t, subscription("active", BASIC, inDays(30))));
		deliver(new Delivery("customer.subscription.updated", t + 60, subscription("active", PREMIUM, inDays(30))));
		deliver(new Delivery("customer.subscription.deleted", t + 120, subscription("canceled", PREMIUM, inDays(30))));

		assertThat(StripeApiFake.server().getAllServeEvents()).isEmpty();
		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "canceled");
	}

	@Test
	void theGraceCountsFromTheFirstFailedPaymentNotTheLatestRetry() {
		long firstFailure = now() - 4 * 86_400;
		ObjectNode pastDue = subscription("past_due", BASIC, inDays(26));
		StripeApiFake.subscriptionIs(pastDue);
		deliver(new Delivery("customer.subscription.updated", firstFailure, pastDue));
		deliver(new Delivery("invoice.payment_failed", firstFailure, invoice("in_renewal", BASIC, inDays(26), 0)));
		// Smart Retries fail again; the subscription stays past_due.
		for (int retry = 1; retry <= 3; retry++) {
			long at = firstFailure + retry * 86_400L;
			deliver(new Delivery("invoice.payment_failed", at, invoice("in_renewal", BASIC, inDays(26), 0)));
			deliver(new Delivery("customer.subscription.updated", at, pastDue));
		}

		Map<String, Object> row = this.rows.subscription(SUBSCRIPTION);
		assertThat(AccessScenario.instant(row, "past_due_since")).isEqualTo(Instant.ofEpochSecond(firstFailure));
		this.scenario.get("/api/chat", this.scenario.tokenFor(CUSTOMER))
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.subscription_status")
			.isEqualTo("past_due");

		// Within the grace of a failure a day ago, access holds.
		this.rows.clear();
		deliver(new Delivery("customer.subscription.updated", now() - 86_400, pastDue));
		assertThat(AccessScenario.instant(this.rows.subscription(SUBSCRIPTION), "past_due_since"))
			.isCloseTo(Instant.now().minus(Duration.ofDays(1)), within(Duration.ofMinutes(1)));
		this.scenario.get("/api/chat", this.scenario.tokenFor(CUSTOMER)).expectStatus().isOk();
	}

	@Test
	void aCustomerWithSeveralSubscriptionsGetsTheHighestTierThatGrantsAccess() {
		long t = now() - 600;
		deliver(new Delivery("customer.subscription.created", t - 86_400, subscription("active", PREMIUM, inDays(30))));
		deliver(new Delivery("customer.subscription.created", t,
				StripeFixtures.subscription("sub_1SeqNewerBasic", CUSTOMER, "active", BASIC, inDays(30))));
		deliver(new Delivery("customer.subscription.created", t + 10,
				StripeFixtures.subscription("sub_1SeqNewestGone", CUSTOMER, "canceled", PREMIUM, inDays(30))));
		String token = this.scenario.tokenFor(CUSTOMER);

		this.scenario.get("/api/chat/premium", token).expectStatus().isOk();
		this.scenario.get("/api/subscription", token)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tier")
			.isEqualTo("premium")
			.jsonPath("$.status")
			.isEqualTo("active");

		deliver(new Delivery("customer.subscription.deleted", t + 20, subscription("canceled", PREMIUM, inDays(30))));
		this.scenario.get("/api/chat/premium", token).expectStatus().isForbidden();
		this.scenario.get("/api/subscription", token).expectBody().jsonPath("$.tier").isEqualTo("basic");
	}

	private void deliver(Delivery delivery) {
		this.scenario.deliver(delivery.type(), delivery.created(), delivery.object().deepCopy()).expectStatus().isOk();
	}

	private static ObjectNode subscription(String status, String price, long periodEnd) {
		return StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, status, price, periodEnd);
	}

	private static ObjectNode invoice(String id, String price, long periodEnd, long amountPaid) {
		return StripeFixtures.invoice(id, CUSTOMER, SUBSCRIPTION, price, periodEnd, amountPaid);
	}

	private static List<List<Delivery>> orders(List<Delivery> deliveries) {
		if (deliveries.size() <= 1) {
			return List.of(deliveries);
		}
		List<List<Delivery>> orders = new ArrayList<>();
		for (Delivery first : deliveries) {
			List<Delivery> rest = new ArrayList<>(deliveries);
			rest.remove(first);
			for (List<Delivery> tail : orders(rest)) {
				List<Delivery> order = new ArrayList<>();
				order.add(first);
				order.addAll(tail);
				orders.add(Collections.unmodifiableList(order));
			}
		}
		return orders;
	}

	private static String describe(List<Delivery> order) {
		return order.stream().map(d -> d.type() + "@" + d.created()).toList().toString();
	}

	/**
	 * One event as Stripe would post it.
	 */
	private record Delivery(String type, long created, ObjectNode object) {
	}

}
