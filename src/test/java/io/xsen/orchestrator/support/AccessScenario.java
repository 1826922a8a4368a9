package io.xsen.orchestrator.support;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AdminApi.ADMIN_KEY;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a customer, Stripe and support do over HTTP, for the token, security and API
 * tests: signed deliveries, token issue, bearer calls.
 */
public final class AccessScenario {

	public static final String BASIC = "price_basic_monthly";

	public static final String PREMIUM = "price_premium_monthly";

	private final RestTestClient client;

	private int eventCount;

	public AccessScenario(RestTestClient client) {
		this.client = client;
	}

	public static long now() {
		return Instant.now().getEpochSecond();
	}

	public static long inDays(int days) {
		return now() + days * 86_400L;
	}

	public RestTestClient.ResponseSpec deliver(String type, long created, ObjectNode object) {
		String payload = StripeFixtures
			.event("evt_access_" + (++this.eventCount) + "_" + System.nanoTime(), type, created, object,
					StripeFixtures.CURRENT_API_VERSION)
			.toString();
		return SignedWebhooks.deliver(this.client, payload);
	}

	/**
	 * Stripe reports the subscription in this status and price, as of {@code created}.
	 */
	public void subscriptionIs(String subscription, String customer, String status, String price, long created) {
		stripeHolds(subscription, customer, status, price, inDays(30));
		deliver("customer.subscription.updated", created,
				StripeFixtures.subscription(subscription, customer, status, price, inDays(30)))
			.expectStatus()
			.isOk();
	}

	/**
	 * The Stripe API fake answers reads of the subscription with this state.
	 */
	public void stripeHolds(String subscription, String customer, String status, String price, long periodEnd) {
		StripeApiFake.subscriptionIs(StripeFixtures.subscription(subscription, customer, status, price, periodEnd));
	}

	/**
	 * Support issues a token with the admin key; returns its plaintext.
	 */
	public String tokenFor(String customer) {
		String token = json(this.client.post()
			.uri("/admin/customers/{customer}/tokens", customer)
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isCreated()).path("token").stringValue();
		assertThat(token).startsWith("xsen_");
		return token;
	}

	public RestTestClient.ResponseSpec get(String path, String token) {
		return this.client.get().uri(path).header("Authorization", "Bearer " + token).exchange();
	}

	public RestTestClient.ResponseSpec post(String path, String token) {
		return this.client.post().uri(path).header("Authorization", "Bearer " + token).exchange();
	}

	public RestTestClient.ResponseSpec claim(String checkoutSessionId) {
		return this.client.post()
			.uri("/api/token/claim")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"checkout_session_id\":\"" + checkoutSessionId + "\"}")
			.exchange();
	}

	public static Instant instant(Map<String, Object> row, String column) {
		Object value = row.get(column);
		return (value instanceof Timestamp timestamp) ? timestamp.toInstant() : ((OffsetDateTime) value).toInstant();
	}

}
