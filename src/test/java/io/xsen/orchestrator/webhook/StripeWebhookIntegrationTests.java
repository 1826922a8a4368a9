package io.xsen.orchestrator.webhook;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
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
import java.util.concurrent.TimeUnit;

import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SignedWebhooks;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.SignedWebhooks.deliver;
import static io.xsen.orchestrator.support.SignedWebhooks.post;
import static io.xsen.orchestrator.support.StripeFixtures.CURRENT_API_VERSION;
import static io.xsen.orchestrator.support.StripeFixtures.LEGACY_API_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
@CleanSlate
@ExtendWith(OutputCaptureExtension.class)
class StripeWebhookIntegrationTests {

	private static final String CUSTOMER = "cus_QXg1o8vcGmoR32";

	private static final String SUBSCRIPTION = "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw";

	private static final long T0 = 1_764_000_000L;

	private static final long PERIOD_1 = T0 + 30 * 86400;

	private static final long PERIOD_2 = T0 + 60 * 86400;

	@Autowired
	private RestTestClient client;

	@Autowired
	private DatabaseRows rows;

	@Test
	void checkoutCompletedStoresTheSubscriptionStripeReports() {
		StripeApiFake.subscriptionIs(
				StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_basic_monthly", PERIOD_1));
		ObjectNode session = StripeFixtures.completedCheckout("cs_test_a1b2c3", CUSTOMER, SUBSCRIPTION,
				"ada@example.com");

		deliver(this.client, event("evt_checkout_1", "checkout.session.completed", T0, session)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("applied");

		Map<String, Object> row = this.rows.subscription(SUBSCRIPTION);
		assertThat(row).containsEntry("stripe_customer_id", CUSTOMER)
			.containsEntry("email", "ada@example.com")
			.containsEntry("tier", "basic")
			.containsEntry("status", "active")
			.containsEntry("price_id", "price_basic_monthly");
		assertThat(instant(row, "current_period_end")).isEqualTo(Instant.ofEpochSecond(PERIOD_1));
		assertThat(StripeApiFake.requestsTo("/v1/subscriptions/" + SUBSCRIPTION)).isEqualTo(1);
	}

	@Test
	void checkoutForAOneTimePaymentIsRecordedWithoutEffect() {
		ObjectNode session = StripeFixtures.completedCheckout("cs_test_once", CUSTOMER, SUBSCRIPTION,
				"ada@example.com");
		session.put("mode", "payment");
		session.putNull("subscription");

		deliver(this.client, event("evt_checkout_payment", "checkout.session.completed", T0, session)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("ignored");

		assertThat(this.rows.count("subscriptions")).isZero();
		assertThat(this.rows.events()).singleElement()
			.satisfies(e -> assertThat(e).containsEntry("status", "processed"));
	}

	@Test
	void subscriptionCreatedAndUpdatedSetStatusTierPricePeriodAndCancelFlag() {
		deliver(this.client, subscriptionEvent("evt_created", "customer.subscription.created", T0, "active",
				"price_basic_monthly", PERIOD_1))
			.expectStatus()
			.isOk();
		ObjectNode upgraded = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_premium_monthly",
				PERIOD_2);
		upgraded.put("cancel_at_period_end", true);
		deliver(this.client, event("evt_updated", "customer.subscription.updated", T0 + 10, upgraded)).expectStatus()
			.isOk();

		Map<String, Object> row = this.rows.subscription(SUBSCRIPTION);
		assertThat(row).containsEntry("tier", "premium")
			.containsEntry("price_id", "price_premium_monthly")
			.containsEntry("status", "active")
			.containsEntry("cancel_at_period_end", true);
		assertThat(instant(row, "current_period_end")).isEqualTo(Instant.ofEpochSecond(PERIOD_2));
	}

	@Test
	void subscriptionDeletedCancels() {
		deliver(this.client, subscriptionEvent("evt_created", "customer.subscription.created", T0, "active",
				"price_basic_monthly", PERIOD_1));
		deliver(this.client, subscriptionEvent("evt_deleted", "customer.subscription.deleted", T0 + 5, "canceled",
				"price_basic_monthly", PERIOD_1))
			.expectStatus()
			.isOk();

		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "canceled");
	}

	@Test
	void anInvoiceEventStoresTheStatusStripeHoldsAndMovesThePeriod() {
		deliver(this.client, subscriptionEvent("evt_created", "customer.subscription.created", T0, "active",
				"price_basic_monthly", PERIOD_1));

		stripeHolds("past_due", "price_basic_monthly", PERIOD_2);
		deliver(this.client, invoiceEvent("evt_failed", "invoice.payment_failed", T0 + 100, PERIOD_2, 0)).expectStatus()
			.isOk();
		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "past_due");

		stripeHolds("active", "price_basic_monthly", PERIOD_2);
		deliver(this.client, invoiceEvent("evt_paid", "invoice.payment_succeeded", T0 + 200, PERIOD_2, 999))
			.expectStatus()
			.isOk();
		Map<String, Object> row = this.rows.subscription(SUBSCRIPTION);
		assertThat(row).containsEntry("status", "active").containsEntry("tier", "basic");
		assertThat(instant(row, "current_period_end")).isEqualTo(Instant.ofEpochSecond(PERIOD_2));
	}

	@Test
	void anInvoiceWithoutASubscriptionChangesNothing() {
		ObjectNode invoice = StripeFixtures.invoice("in_one_off", CUSTOMER, SUBSCRIPTION, "price_basic_monthly",
				PERIOD_1, 500);
		invoice.remove("parent");
		deliver(this.client, event("evt_one_off", "invoice.payment_succeeded", T0, invoice)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("ignored");

		assertThat(this.rows.count("subscriptions")).isZero();
	}

	@Test
	void unknownEventTypesAreRecordedAndAnsweredWithoutEffect() {
		deliver(this.client, event("evt_customer", "customer.created", T0, StripeFixtures.load("customer")))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("ignored");

		assertThat(this.rows.count("subscriptions")).isZero();
		assertThat(this.rows.events()).singleElement()
			.satisfies(e -> assertThat(e).containsEntry("id", "evt_customer")
				.containsEntry("type", "customer.created")
				.containsEntry("status", "processed")
				.containsEntry("api_version", CURRENT_API_VERSION)
				.containsEntry("attempts", 1));
	}

	@Test
	void preTwentyTwentyFiveShapesAreReadToo() {
		ObjectNode legacy = StripeFixtures.legacySubscription(SUBSCRIPTION, CUSTOMER, "active", "price_basic_yearly",
				PERIOD_1);
		deliver(this.client,
				event("evt_legacy_created", "customer.subscription.created", T0, legacy, LEGACY_API_VERSION))
			.expectStatus()
			.isOk();
		Map<String, Object> created = this.rows.subscription(SUBSCRIPTION);
		assertThat(created).containsEntry("tier", "basic").containsEntry("status", "active");
		assertThat(instant(created, "current_period_end")).isEqualTo(Instant.ofEpochSecond(PERIOD_1));

		ObjectNode legacyInvoice = StripeFixtures.legacyInvoice("in_legacy", CUSTOMER, SUBSCRIPTION,
				"price_basic_yearly", PERIOD_2, 999);
		StripeApiFake.subscriptionIs(
				StripeFixtures.legacySubscription(SUBSCRIPTION, CUSTOMER, "past_due", "price_basic_yearly", PERIOD_2));
		deliver(this.client,
				event("evt_legacy_failed", "invoice.payment_failed", T0 + 10, legacyInvoice, LEGACY_API_VERSION))
			.expectStatus()
			.isOk();
		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "past_due");

		StripeApiFake.subscriptionIs(
				StripeFixtures.legacySubscription(SUBSCRIPTION, CUSTOMER, "active", "price_basic_yearly", PERIOD_2));
		deliver(this.client,
				event("evt_legacy_paid", "invoice.payment_succeeded", T0 + 20, legacyInvoice, LEGACY_API_VERSION))
			.expectStatus()
			.isOk();
		Map<String, Object> paid = this.rows.subscription(SUBSCRIPTION);
		assertThat(paid).containsEntry("status", "active");
		assertThat(instant(paid, "current_period_end")).isEqualTo(Instant.ofEpochSecond(PERIOD_2));
	}

	@Test
	void anEventSignedWithTheSecondSecretIsAccepted() {
		String payload = subscriptionEvent("evt_cli", "customer.subscription.created", T0, "active",
				"price_basic_monthly", PERIOD_1)
			.toString();
		post(this.client, payload, SignedWebhooks.signature(payload, SignedWebhooks.SECOND_SECRET, now()))
			.expectStatus()
			.isOk();

		assertThat(this.rows.count("subscriptions")).isOne();
	}

	@Test
	void everySignatureFailureIsA400ProblemAndWritesNothing() {
		String payload = subscriptionEvent("evt_forged", "customer.subscription.created", T0, "active",
				"price_premium_monthly", PERIOD_1)
			.toString();
		long now = now();
		List<String> badSignatures = List.of("", "garbage", "t=" + now, "t=" + now + ",v1=" + "0".repeat(64),
				SignedWebhooks.signature(payload, "whsec_someone_else", now),
				SignedWebhooks.signature(payload, SignedWebhooks.SECRET, now - 301),
				SignedWebhooks.signature(payload, SignedWebhooks.SECRET, now + 3600),
				SignedWebhooks.signature(payload.replace("price_premium", "price_basic"), SignedWebhooks.SECRET, now));

		for (String signature : badSignatures) {
			post(this.client, payload, signature).expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("invalid_signature");
		}
		this.client.post()
			.uri("/webhooks/stripe")
			.contentType(MediaType.APPLICATION_JSON)
			.body(payload)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Missing Stripe-Signature header");

		assertThat(this.rows.count("stripe_events")).isZero();
		assertThat(this.rows.count("subscriptions")).isZero();
	}

	@Test
	void aSignedBodyThatIsNotAStripeEventIsA400AndWritesNothing() {
		for (String payload : List.of("{not json", "[]", "{\"id\":\"evt_x\",\"type\":\"customer.created\"}",
				"{\"id\":\"nope\",\"type\":\"a\",\"created\":1,\"data\":{\"object\":{}}}")) {
			post(this.client, payload, SignedWebhooks.signature(payload)).expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("malformed_payload");
		}
		assertThat(this.rows.count("stripe_events")).isZero();
	}

	@Test
	void bodiesOverOneMebibyteAre413() {
		String payload = "{\"padding\":\"" + "x".repeat(1024 * 1024) + "\"}";
		post(this.client, payload, SignedWebhooks.signature(payload)).expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.rows.count("stripe_events")).isZero();
	}

	@Test
	void aRedeliveredEventIsAnswered200AndAppliedOnce() {
		ObjectNode created = subscriptionEvent("evt_created", "customer.subscription.created", T0, "active",
				"price_basic_monthly", PERIOD_1);
		deliver(this.client, created).expectStatus().isOk();
		// A newer change lands in between; replaying the old event must not undo it.
		deliver(this.client, subscriptionEvent("evt_updated", "customer.subscription.updated", T0 + 60, "active",
				"price_premium_monthly", PERIOD_1));

		deliver(this.client, created).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("duplicate");

		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("tier", "premium");
		assertThat(this.rows.events()).hasSize(2).allSatisfy(e -> assertThat(e).containsEntry("attempts", 1));
	}

	@Test
	void manyCopiesDeliveredAtOnceHaveExactlyOneEffect() throws Exception {
		stripeHolds("active", "price_basic_monthly", PERIOD_1);
		String payload = invoiceEvent("evt_storm", "invoice.payment_succeeded", T0, PERIOD_1, 999).toString();
		String signature = SignedWebhooks.signature(payload);
		int copies = 24;
		ExecutorService pool = Executors.newFixedThreadPool(copies);
		try {
			List<Callable<String>> deliveries = Collections.nCopies(copies,
					() -> new String(post(this.client, payload, signature).expectStatus()
						.isOk()
						.expectBody()
						.returnResult()
						.getResponseBodyContent(), StandardCharsets.UTF_8));
			List<String> outcomes = new ArrayList<>();
			for (Future<String> answer : pool.invokeAll(deliveries)) {
				outcomes.add(answer.get());
			}
			assertThat(outcomes.stream().filter(o -> o.contains("\"applied\""))).hasSize(1);
			assertThat(outcomes.stream().filter(o -> o.contains("\"duplicate\""))).hasSize(copies - 1);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.rows.subscriptions()).singleElement()
			.satisfies(row -> assertThat(row).containsEntry("status", "active")
				.containsEntry("last_event_id", "evt_storm"));
		assertThat(this.rows.events()).singleElement().satisfies(e -> assertThat(e).containsEntry("attempts", 1));
	}

	@Test
	void aLifecycleDeliveredInAnyOrderEndsInStripesFinalState() {
		// Upgrade and failed payment share a second, as do the payment that cures it and
		// the cancellation.
		List<ObjectNode> lifecycle = List.of(
				subscriptionEvent("evt_l1", "customer.subscription.created", T0, "active", "price_basic_monthly",
						PERIOD_1),
				subscriptionEvent("evt_l2", "customer.subscription.updated", T0 + 50, "active", "price_premium_monthly",
						PERIOD_1),
				invoiceEvent("evt_l3", "invoice.payment_failed", T0 + 50, PERIOD_2, 0),
				invoiceEvent("evt_l4", "invoice.payment_succeeded", T0 + 90, PERIOD_2, 1999),
				subscriptionEvent("evt_l5", "customer.subscription.updated", T0 + 90, "active", "price_premium_monthly",
						PERIOD_2));
		stripeHolds("active", "price_premium_monthly", PERIOD_2);
		Random random = new Random(20261123);
		for (int round = 0; round < 12; round++) {
			this.rows.clear();
			List<ObjectNode> order = new ArrayList<>(lifecycle);
			if (round == 1) {
				Collections.reverse(order);
			}
			else if (round > 1) {
				Collections.shuffle(order, random);
			}
			order.forEach(e -> deliver(this.client, e).expectStatus().isOk());

			Map<String, Object> row = this.rows.subscription(SUBSCRIPTION);
			assertThat(row).as("order %s", order.stream().map(e -> e.path("id").stringValue()).toList())
				.containsEntry("status", "active")
				.containsEntry("tier", "premium")
				.containsEntry("price_id", "price_premium_monthly");
			assertThat(instant(row, "current_period_end")).isEqualTo(Instant.ofEpochSecond(PERIOD_2));
		}
	}

	@Test
	void theLastRetryFailingInTheSecondOfItsSubscriptionUpdateEndsInStripesStatusInEitherOrder() {
		for (String finalStatus : List.of("unpaid", "canceled")) {
			stripeHolds(finalStatus, "price_basic_monthly", PERIOD_1);
			ObjectNode pastDue = subscriptionEvent("evt_t0", "customer.subscription.updated", T0 - 600, "past_due",
					"price_basic_monthly", PERIOD_1);
			ObjectNode last = subscriptionEvent("evt_t1", "customer.subscription.updated", T0, finalStatus,
					"price_basic_monthly", PERIOD_1);
			ObjectNode failed = invoiceEvent("evt_t2", "invoice.payment_failed", T0, PERIOD_1, 0);
			for (List<ObjectNode> order : List.of(List.of(pastDue, last, failed), List.of(pastDue, failed, last),
					List.of(failed, last, pastDue), List.of(last, failed, pastDue))) {
				this.rows.clear();
				order.forEach(e -> deliver(this.client, e).expectStatus().isOk());
				assertThat(this.rows.subscription(SUBSCRIPTION)).as("%s in order %s", finalStatus, ids(order))
					.containsEntry("status", finalStatus)
					.containsEntry("tier", "basic");
			}
		}
	}

	@Test
	void aStaleDeletedOrFailedPaymentNeverOverridesANewerState() {
		stripeHolds("active", "price_premium_monthly", PERIOD_2);
		deliver(this.client, subscriptionEvent("evt_new", "customer.subscription.updated", T0 + 100, "active",
				"price_premium_monthly", PERIOD_2));

		deliver(this.client, subscriptionEvent("evt_old_deleted", "customer.subscription.deleted", T0, "canceled",
				"price_basic_monthly", PERIOD_1))
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("stale");
		deliver(this.client, invoiceEvent("evt_old_failed", "invoice.payment_failed", T0 + 50, PERIOD_1, 0))
			.expectStatus()
			.isOk();

		Map<String, Object> row = this.rows.subscription(SUBSCRIPTION);
		assertThat(row).containsEntry("status", "active").containsEntry("tier", "premium");
		assertThat(instant(row, "current_period_end")).isEqualTo(Instant.ofEpochSecond(PERIOD_2));
	}

	@Test
	void aPaymentAfterCancellationDoesNotBringTheSubscriptionBack() {
		deliver(this.client, subscriptionEvent("evt_deleted", "customer.subscription.deleted", T0, "canceled",
				"price_basic_monthly", PERIOD_1));
		stripeHolds("canceled", "price_basic_monthly", PERIOD_1);
		deliver(this.client, invoiceEvent("evt_final_invoice", "invoice.payment_succeeded", T0 + 1, PERIOD_1, 120));

		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "canceled");
	}

	@Test
	void aCustomerWhoCancelsAndResubscribesKeepsBothSubscriptionsApart() {
		String newSubscription = "sub_1Qnew0B7WZ01zgkWresub";
		deliver(this.client, subscriptionEvent("evt_old_created", "customer.subscription.created", T0, "active",
				"price_basic_monthly", PERIOD_1));
		deliver(this.client, subscriptionEvent("evt_old_deleted", "customer.subscription.deleted", T0 + 100, "canceled",
				"price_basic_monthly", PERIOD_1));
		deliver(this.client, event("evt_new_created", "customer.subscription.created", T0 + 200,
				StripeFixtures.subscription(newSubscription, CUSTOMER, "active", "price_premium_monthly", PERIOD_2)));

		// Late deliveries for the old subscription arrive after the new one exists.
		stripeHolds("canceled", "price_basic_monthly", PERIOD_1);
		deliver(this.client, invoiceEvent("evt_old_failed", "invoice.payment_failed", T0 + 300, PERIOD_1, 0));
		deliver(this.client, subscriptionEvent("evt_old_deleted_again", "customer.subscription.deleted", T0 + 300,
				"canceled", "price_basic_monthly", PERIOD_1));

		assertThat(this.rows.subscriptions()).hasSize(2);
		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "canceled");
		assertThat(this.rows.subscription(newSubscription)).containsEntry("status", "active")
			.containsEntry("tier", "premium")
			.containsEntry("stripe_customer_id", CUSTOMER);
	}

	@Test
	void aPriceThatMapsToNoTierIsStoredWithoutTierAndWarned(CapturedOutput output) {
		deliver(this.client, subscriptionEvent("evt_unknown_price", "customer.subscription.created", T0, "active",
				"price_legacy_gold", PERIOD_1))
			.expectStatus()
			.isOk();

		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "active")
			.containsEntry("price_id", "price_legacy_gold")
			.containsEntry("tier", null);
		assertThat(output).contains("price_legacy_gold, which maps to no tier");
	}

	@Test
	void stripeUnreachableDuringCheckoutIsA503AndTheRetrySucceeds() {
		StripeApiFake.subscriptionsFailWith(500);
		ObjectNode checkout = event("evt_checkout_retry", "checkout.session.completed", T0,
				StripeFixtures.completedCheckout("cs_test_retry", CUSTOMER, SUBSCRIPTION, "ada@example.com"));

		deliver(this.client, checkout).expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("stripe_unavailable");
		assertThat(this.rows.count("subscriptions")).isZero();
		assertThat(this.rows.events()).singleElement()
			.satisfies(e -> assertThat(e).containsEntry("status", "failed").containsEntry("attempts", 1));

		StripeApiFake.reset();
		StripeApiFake.subscriptionIs(
				StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_premium_monthly", PERIOD_1));
		deliver(this.client, checkout).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("applied");

		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("tier", "premium");
		assertThat(this.rows.events()).singleElement()
			.satisfies(e -> assertThat(e).containsEntry("status", "processed")
				.containsEntry("attempts", 2)
				.containsEntry("last_error", null));
	}

	@Test
	void aSignedEventWhoseObjectLacksWhatWeNeedIs422AndKeptAsFailed() {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_basic_monthly",
				PERIOD_1);
		subscription.remove("customer");
		deliver(this.client, event("evt_no_customer", "customer.subscription.updated", T0, subscription)).expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("unprocessable_event");

		assertThat(this.rows.count("subscriptions")).isZero();
		assertThat(this.rows.events()).singleElement().satisfies(e -> assertThat(e).containsEntry("status", "failed"));
	}

	private ObjectNode subscriptionEvent(String id, String type, long created, String status, String price,
			long periodEnd) {
		return event(id, type, created, StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, status, price, periodEnd));
	}

	@Test
	void whileStripeIsAskedAboutAnInvoiceNoRowWaitsAndANewerEventStillWins() throws Exception {
		deliver(this.client, subscriptionEvent("evt_before", "customer.subscription.created", T0, "active",
				"price_basic_monthly", PERIOD_1));
		StripeApiFake.subscriptionIsSlow(
				StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_basic_monthly", PERIOD_1),
				Duration.ofMillis(1200));
		ExecutorService background = Executors.newSingleThreadExecutor();
		try {
			Future<String> invoice = background.submit(() -> new String(deliver(this.client,
					invoiceEvent("evt_slow_invoice", "invoice.payment_succeeded", T0 + 10, PERIOD_1, 999))
				.expectStatus()
				.isOk()
				.expectBody()
				.returnResult()
				.getResponseBodyContent(), StandardCharsets.UTF_8));
			while (StripeApiFake.requestsTo("/v1/subscriptions/" + SUBSCRIPTION) == 0) {
				Thread.sleep(10);
			}

			deliver(this.client,
					subscriptionEvent("evt_upgrade", "customer.subscription.updated", T0 + 20, "active",
							"price_premium_monthly", PERIOD_1))
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.outcome")
				.isEqualTo("applied");
			assertThat(invoice).as("the invoice's Stripe read is still in flight").isNotDone();

			assertThat(invoice.get(10, TimeUnit.SECONDS)).contains("\"stale\"");
		}
		finally {
			background.shutdownNow();
		}
		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("tier", "premium");
	}

	@Test
	void anInvoiceNamingAnotherCustomerNeverWritesItsEmailOntoTheSubscription() {
		deliver(this.client, subscriptionEvent("evt_owner", "customer.subscription.created", T0, "active",
				"price_basic_monthly", PERIOD_1));
		stripeHolds("active", "price_basic_monthly", PERIOD_1);
		ObjectNode stranger = StripeFixtures.invoice("in_stranger", "cus_SomeoneElse01", SUBSCRIPTION,
				"price_basic_monthly", PERIOD_1, 999);
		stranger.put("customer_email", "stranger@example.com");

		deliver(this.client, event("evt_stranger", "invoice.payment_succeeded", T0 + 10, stranger)).expectStatus()
			.isOk();

		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("stripe_customer_id", CUSTOMER)
			.containsEntry("email", null);
	}

	private static void stripeHolds(String status, String price, long periodEnd) {
		StripeApiFake.subscriptionIs(StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, status, price, periodEnd));
	}

	private static List<String> ids(List<ObjectNode> events) {
		return events.stream().map(e -> e.path("id").stringValue()).toList();
	}

	private ObjectNode invoiceEvent(String id, String type, long created, long periodEnd, long amountPaid) {
		return event(id, type, created, StripeFixtures.invoice("in_" + id.substring(4), CUSTOMER, SUBSCRIPTION,
				"price_basic_monthly", periodEnd, amountPaid));
	}

	private static ObjectNode event(String id, String type, long created, ObjectNode object) {
		return event(id, type, created, object, CURRENT_API_VERSION);
	}

	private static ObjectNode event(String id, String type, long created, ObjectNode object, String apiVersion) {
		return StripeFixtures.event(id, type, created, object, apiVersion);
	}

	private static long now() {
		return Instant.now().getEpochSecond();
	}

	private static Instant instant(Map<String, Object> row, String column) {
		Object value = row.get(column);
		return (value instanceof Timestamp timestamp) ? timestamp.toInstant() : (Instant) value;
	}

}
