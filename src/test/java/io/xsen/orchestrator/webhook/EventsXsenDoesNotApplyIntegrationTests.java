package io.xsen.orchestrator.webhook;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SecondInstance;
import io.xsen.orchestrator.support.SignedWebhooks;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AdminApi.admin;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static io.xsen.orchestrator.support.SignedWebhooks.deliver;
import static io.xsen.orchestrator.support.StripeFixtures.CURRENT_API_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Correctly signed events that XSEN does not apply: those from the other mode than
 * {@code STRIPE_SECRET_KEY}'s (the test profile's key is a test-mode key), and Stripe's
 * thin API v2 event notifications. Each is answered 200 {@code ignored}, so Stripe stops
 * retrying, recorded in the inbox with the reason, and changes nothing.
 */
@IntegrationTest
@CleanSlate
class EventsXsenDoesNotApplyIntegrationTests {

	private static final String CUSTOMER = "cus_QXgMode0Ops7";

	private static final String SUBSCRIPTION = "sub_1ModeB7WZ01zgkWops7";

	private static final long T0 = 1_764_000_000L;

	private static final long PERIOD_END = T0 + 30 * 86400;

	// A thin event notification (API v2) in the shape Stripe documents, as it is
	// delivered.
	private static final String THIN_EVENT = """
			{"id":"evt_test_65R9Ijk8jW3fJWrBY16R2ygnhdc0xuKyz1NGWGJ4MTMuZW","object":"v2.core.event",\
			"type":"v1.billing.meter.error_report_triggered","livemode":false,"created":"2024-09-17T06:20:52.246Z",\
			"related_object":{"id":"mtr_test_61R9IeP0GszXSrdRt41IMKPoMVp1OZVB","type":"billing.meter",\
			"url":"/v1/billing/meters/mtr_test_61R9IeP0GszXSrdRt41IMKPoMVp1OZVB"}}""";

	@Autowired
	private RestTestClient client;

	@Autowired
	private DatabaseRows rows;

	@Test
	void liveModeEventsAtATestKeyAreAnsweredIgnoredRecordedWithTheReasonAndChangeNothing() {
		deliver(this.client, subscriptionEvent("evt_test_created", "customer.subscription.created", T0, false))
			.expectStatus()
			.isOk();

		deliver(this.client, subscriptionEvent("evt_live_deleted", "customer.subscription.deleted", T0 + 60, true))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.received")
			.isEqualTo(true)
			.jsonPath("$.event_id")
			.isEqualTo("evt_live_deleted")
			.jsonPath("$.outcome")
			.isEqualTo("ignored");
		deliver(this.client, liveInvoiceFailed("evt_live_invoice_failed", T0 + 120)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("ignored");

		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "active")
			.containsEntry("tier", "basic");
		assertThat(StripeApiFake.requestsTo("/v1/subscriptions/" + SUBSCRIPTION))
			.as("an event from the other mode never makes XSEN ask Stripe")
			.isZero();
		JsonNode inbox = json(admin(this.client.get().uri("/admin/events?status=processed")).expectStatus().isOk());
		assertThat(inbox.path("events")).hasSize(3).allSatisfy(event -> {
			if (event.path("id").stringValue().startsWith("evt_live_")) {
				assertThat(event.path("ignored_reason").stringValue()).isEqualTo("livemode_mismatch");
			}
			else {
				assertThat(event.path("ignored_reason").isNull()).isTrue();
			}
		});
	}

	@Test
	void anEventFromTheOtherModeIsIgnoredAgainWhenReplayedOrRedelivered() {
		ObjectNode live = subscriptionEvent("evt_live_created", "customer.subscription.created", T0, true);
		deliver(this.client, live).expectStatus().isOk();

		admin(this.client.post().uri("/admin/events/evt_live_created/replay")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("processed")
			.jsonPath("$.outcome")
			.isEqualTo("ignored");
		deliver(this.client, live).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("duplicate");

		assertThat(this.rows.count("subscriptions")).isZero();
	}

	@Test
	void testModeEventsAtALiveKeyAreIgnored() {
		try (ConfigurableApplicationContext live = SecondInstance
			.start("--xsen.stripe.secret-key=rk_live_xsen_integration_tests")) {
			RestTestClient liveClient = SecondInstance.client(live);

			deliver(liveClient, subscriptionEvent("evt_test_at_live", "customer.subscription.created", T0, false))
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.outcome")
				.isEqualTo("ignored");
		}

		assertThat(this.rows.count("subscriptions")).isZero();
		assertThat(this.rows.events()).singleElement().satisfies(event -> {
			assertThat(event).containsEntry("status", "processed").containsEntry("livemode", false);
			assertThat(event).containsEntry("ignored_reason", "livemode_mismatch");
		});
	}

	@Test
	void aThinEventIsAnsweredIgnoredNever400AndRecorded() {
		SignedWebhooks.post(this.client, THIN_EVENT, SignedWebhooks.signature(THIN_EVENT))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.received")
			.isEqualTo(true)
			.jsonPath("$.event_id")
			.isEqualTo("evt_test_65R9Ijk8jW3fJWrBY16R2ygnhdc0xuKyz1NGWGJ4MTMuZW")
			.jsonPath("$.outcome")
			.isEqualTo("ignored");

		Map<String, Object> event = this.rows.events().get(0);
		assertThat(event).containsEntry("type", "v1.billing.meter.error_report_triggered")
			.containsEntry("status", "processed")
			.containsEntry("livemode", false);
		assertThat(((Timestamp) event.get("created")).toInstant()).isEqualTo(Instant.parse("2024-09-17T06:20:52.246Z"));
		assertThat(event).containsEntry("ignored_reason", "thin_event");
		assertThat(this.rows.count("stripe_events")).isOne();
		assertThat(this.rows.count("subscriptions")).isZero();

		SignedWebhooks.post(this.client, THIN_EVENT, SignedWebhooks.signature(THIN_EVENT))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("duplicate");
		admin(this.client.post().uri("/admin/events/evt_test_65R9Ijk8jW3fJWrBY16R2ygnhdc0xuKyz1NGWGJ4MTMuZW/replay"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("ignored");
	}

	private static ObjectNode subscriptionEvent(String id, String type, long created, boolean livemode) {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER,
				type.endsWith(".deleted") ? "canceled" : "active", "price_basic_monthly", PERIOD_END);
		subscription.put("livemode", livemode);
		return StripeFixtures.event(id, type, created, subscription, CURRENT_API_VERSION).put("livemode", livemode);
	}

	private static ObjectNode liveInvoiceFailed(String id, long created) {
		ObjectNode invoice = StripeFixtures.invoice("in_live_failed", CUSTOMER, SUBSCRIPTION, "price_basic_monthly",
				PERIOD_END, 0);
		invoice.put("livemode", true);
		return StripeFixtures.event(id, "invoice.payment_failed", created, invoice, CURRENT_API_VERSION)
			.put("livemode", true);
	}

}
