package io.xsen.orchestrator.ops;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

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
 * Support looks subscriptions up and repairs a customer from the Stripe API when a
 * webhook went missing.
 */
@IntegrationTest
@CleanSlate
class AdminSubscriptionIntegrationTests {

	private static final String CUSTOMER = "cus_QXgSync0Ops2";

	private static final String SUBSCRIPTION = "sub_1SyncB7WZ01zgkWops2";

	@Autowired
	private RestTestClient client;

	@Autowired
	private DatabaseRows rows;

	@Test
	void syncRepairsAMissedUpgradeAndOlderEventsCannotUndoIt() {
		long now = Instant.now().getEpochSecond();
		deliver(this.client, subscriptionEvent("evt_created", "customer.subscription.created", now - 600, "active",
				"price_basic_monthly"));
		// The upgrade's webhook never arrived; Stripe's API knows it.
		StripeApiFake.customerSubscriptionsAre(CUSTOMER,
				StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_premium_monthly", now + 86400));

		JsonNode synced = json(
				admin(this.client.post().uri("/admin/customers/" + CUSTOMER + "/sync")).expectStatus().isOk());

		assertThat(synced.path("customer_id").stringValue()).isEqualTo(CUSTOMER);
		assertThat(synced.path("subscriptions")).singleElement().satisfies(subscription -> {
			assertThat(subscription.path("subscription_id").stringValue()).isEqualTo(SUBSCRIPTION);
			assertThat(subscription.path("tier").stringValue()).isEqualTo("premium");
			assertThat(subscription.path("status").stringValue()).isEqualTo("active");
		});
		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("tier", "premium");

		// A late delivery of something older than the read changes nothing.
		deliver(this.client, subscriptionEvent("evt_late", "customer.subscription.updated", now - 300, "active",
				"price_basic_monthly"))
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("stale");
		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("tier", "premium");

		// What Stripe does after the read still applies.
		deliver(this.client, subscriptionEvent("evt_canceled", "customer.subscription.deleted", now + 5, "canceled",
				"price_premium_monthly"));
		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "canceled");
	}

	@Test
	void syncStoresASubscriptionXsenNeverHeardOf() {
		StripeApiFake.customerSubscriptionsAre(CUSTOMER, StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "trialing",
				"price_basic_monthly", Instant.now().getEpochSecond() + 86400));

		admin(this.client.post().uri("/admin/customers/" + CUSTOMER + "/sync")).expectStatus().isOk();

		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "trialing")
			.containsEntry("tier", "basic")
			.containsEntry("stripe_customer_id", CUSTOMER);
		assertThat(timestamp(this.rows.subscription(SUBSCRIPTION).get("current_period_end"))).isAfter(Instant.now());
	}

	@Test
	void syncWhileStripeIsDownIs503AndChangesNothing() {
		StripeApiFake.subscriptionListFailsWith(500);

		admin(this.client.post().uri("/admin/customers/" + CUSTOMER + "/sync")).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("stripe_unavailable");
		assertThat(this.rows.count("subscriptions")).isZero();
	}

	@Test
	void subscriptionsAreFoundByCustomerAndByEmailIgnoringCase() {
		ObjectNode session = StripeFixtures.completedCheckout("cs_test_lookup", CUSTOMER, SUBSCRIPTION,
				"Ada.Lovelace@example.com");
		session.set("subscription", StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_basic_monthly",
				Instant.now().getEpochSecond() + 86400));
		deliver(this.client,
				StripeFixtures
					.event("evt_checkout", "checkout.session.completed", Instant.now().getEpochSecond(), session,
							StripeFixtures.CURRENT_API_VERSION)
					.toString())
			.expectStatus()
			.isOk();

		JsonNode byCustomer = json(
				admin(this.client.get().uri("/admin/subscriptions/" + CUSTOMER)).expectStatus().isOk());
		assertThat(byCustomer.path("subscriptions")).singleElement()
			.satisfies(subscription -> assertThat(subscription.path("email").stringValue())
				.isEqualTo("Ada.Lovelace@example.com"));

		JsonNode byEmail = json(
				admin(this.client.get().uri("/admin/subscriptions?email=ada.lovelace@EXAMPLE.com")).expectStatus()
					.isOk());
		assertThat(byEmail.path("subscriptions")).singleElement()
			.satisfies(subscription -> assertThat(subscription.path("customer_id").stringValue()).isEqualTo(CUSTOMER));
	}

	@Test
	void anUnknownCustomerIs404AndALookupWithoutEmailIs400() {
		admin(this.client.get().uri("/admin/subscriptions/cus_Unknown000000")).expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("customer_not_found");
		admin(this.client.get().uri("/admin/subscriptions")).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_request");
	}

	@Test
	void everyEndpointNeedsTheRightAdminKey() {
		for (String key : new String[] { null, ADMIN_KEY + "x", "nope" }) {
			for (String path : new String[] { "/admin/subscriptions/" + CUSTOMER, "/admin/subscriptions?email=a@b.c",
					"/admin/events" }) {
				RestTestClient.RequestHeadersSpec<?> request = this.client.get().uri(path);
				if (key != null) {
					request.header("Authorization", "Bearer " + key);
				}
				request.exchange().expectStatus().isUnauthorized();
			}
			RestTestClient.RequestHeadersSpec<?> sync = this.client.post()
				.uri("/admin/customers/" + CUSTOMER + "/sync");
			if (key != null) {
				sync.header("Authorization", "Bearer " + key);
			}
			sync.exchange().expectStatus().isUnauthorized();
		}
		assertThat(StripeApiFake.requestsTo("/v1/subscriptions")).isZero();
	}

	private static String subscriptionEvent(String id, String type, long created, String status, String price) {
		return StripeFixtures
			.event(id, type, created,
					StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, status, price,
							Instant.now().getEpochSecond() + 86400),
					StripeFixtures.CURRENT_API_VERSION)
			.toString();
	}

	private static Instant timestamp(Object value) {
		return (value instanceof Timestamp t) ? t.toInstant() : ((OffsetDateTime) value).toInstant();
	}

}
