package io.xsen.orchestrator.webhook;

import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AdminApi.ADMIN_KEY;
import static io.xsen.orchestrator.support.AdminApi.admin;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static io.xsen.orchestrator.support.SignedWebhooks.deliver;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators read the event inbox and replay what failed once its cause is fixed.
 */
@IntegrationTest
@CleanSlate
class EventInboxIntegrationTests {

	private static final String CUSTOMER = "cus_QXgInbox0Ops2";

	private static final String SUBSCRIPTION = "sub_1InboxB7WZ01zgkWops2";

	private static final long T0 = 1_764_000_000L;

	@Autowired
	private RestTestClient client;

	@Autowired
	private DatabaseRows rows;

	@Test
	void aCheckoutThatFailedWhileStripeWasDownIsProcessedByReplayOnceStripeIsBack() {
		StripeApiFake.subscriptionsFailWith(500);
		deliver(this.client, checkout("evt_checkout_down", T0)).expectStatus().isEqualTo(503);
		assertThat(this.rows.count("subscriptions")).isZero();
		JsonNode failed = json(admin(this.client.get().uri("/admin/events?status=failed")).expectStatus().isOk());
		assertThat(failed.path("events")).singleElement().satisfies(event -> {
			assertThat(event.path("id").stringValue()).isEqualTo("evt_checkout_down");
			assertThat(event.path("status").stringValue()).isEqualTo("failed");
			assertThat(event.path("last_error").stringValue()).contains("StripeApiUnavailable");
		});

		StripeApiFake.reset();
		StripeApiFake.subscriptionIs(
				StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_premium_monthly", T0 + 86400));
		admin(this.client.post().uri("/admin/events/evt_checkout_down/replay")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("processed")
			.jsonPath("$.outcome")
			.isEqualTo("applied")
			.jsonPath("$.attempts")
			.isEqualTo(2);

		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("tier", "premium")
			.containsEntry("status", "active")
			.containsEntry("email", "grace@example.com");
		assertThat(this.rows.events()).singleElement().satisfies(event -> {
			assertThat(event).containsEntry("status", "processed");
			assertThat(event.get("last_error")).isNull();
		});
	}

	@Test
	void replayingAnEventAgainChangesNothing() {
		deliver(this.client,
				subscriptionEvent("evt_created", "customer.subscription.created", T0, "price_basic_monthly"));
		deliver(this.client,
				subscriptionEvent("evt_upgraded", "customer.subscription.updated", T0 + 60, "price_premium_monthly"));

		admin(this.client.post().uri("/admin/events/evt_created/replay")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("stale")
			.jsonPath("$.status")
			.isEqualTo("processed");

		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("tier", "premium");
	}

	@Test
	void replayingAnEventTheInboxNeverRecordedIs404() {
		admin(this.client.post().uri("/admin/events/evt_never_seen/replay")).expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("event_not_found");
	}

	@Test
	void theInboxListsNewestFirstInPagesWithoutPayloadsAndFilters() {
		deliver(this.client,
				subscriptionEvent("evt_first", "customer.subscription.created", T0, "price_basic_monthly"));
		deliver(this.client,
				subscriptionEvent("evt_second", "customer.subscription.updated", T0 + 10, "price_basic_monthly"));
		deliver(this.client,
				subscriptionEvent("evt_third", "customer.subscription.updated", T0 + 20, "price_premium_monthly"));

		JsonNode page = json(admin(this.client.get().uri("/admin/events?size=2")).expectStatus().isOk());
		assertThat(page.path("events").values()).extracting(event -> event.path("id").stringValue())
			.containsExactly("evt_third", "evt_second");
		assertThat(page.path("total_elements").intValue()).isEqualTo(3);
		assertThat(page.path("total_pages").intValue()).isEqualTo(2);
		JsonNode newest = page.path("events").get(0);
		assertThat(newest.has("payload")).isFalse();
		assertThat(newest.path("type").stringValue()).isEqualTo("customer.subscription.updated");
		assertThat(newest.path("api_version").stringValue()).isEqualTo(StripeFixtures.CURRENT_API_VERSION);
		assertThat(newest.path("attempts").intValue()).isEqualTo(1);
		assertThat(newest.has("created") && newest.has("received_at") && newest.has("processed_at")).isTrue();

		JsonNode second = json(admin(this.client.get().uri("/admin/events?size=2&page=1")).expectStatus().isOk());
		assertThat(second.path("events").values()).extracting(event -> event.path("id").stringValue())
			.containsExactly("evt_first");

		JsonNode created = json(
				admin(this.client.get().uri("/admin/events?type=customer.subscription.created")).expectStatus().isOk());
		assertThat(created.path("events").values()).extracting(event -> event.path("id").stringValue())
			.containsExactly("evt_first");
		JsonNode none = json(admin(this.client.get().uri("/admin/events?status=pending")).expectStatus().isOk());
		assertThat(none.path("events").values()).isEmpty();
	}

	@Test
	void anUnknownStatusOrAnOversizedPageIsAProblem() {
		for (String query : new String[] { "status=broken", "size=1000", "size=0", "page=-1", "page=first" }) {
			admin(this.client.get().uri("/admin/events?" + query)).expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("invalid_request");
		}
	}

	@Test
	void theInboxNeedsTheAdminKey() {
		deliver(this.client,
				subscriptionEvent("evt_first", "customer.subscription.created", T0, "price_basic_monthly"));
		this.client.get().uri("/admin/events").exchange().expectStatus().isUnauthorized();
		this.client.post()
			.uri("/admin/events/evt_first/replay")
			.header("Authorization", "Bearer " + ADMIN_KEY + "x")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	private static String checkout(String id, long created) {
		ObjectNode session = StripeFixtures.completedCheckout("cs_test_inbox", CUSTOMER, SUBSCRIPTION,
				"grace@example.com");
		return StripeFixtures
			.event(id, "checkout.session.completed", created, session, StripeFixtures.CURRENT_API_VERSION)
			.toString();
	}

	private static String subscriptionEvent(String id, String type, long created, String price) {
		return StripeFixtures
			.event(id, type, created, StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", price, T0 + 86400),
					StripeFixtures.CURRENT_API_VERSION)
			.toString();
	}

}
