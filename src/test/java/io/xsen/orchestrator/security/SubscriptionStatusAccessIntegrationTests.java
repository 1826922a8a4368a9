package io.xsen.orchestrator.security;

import java.util.List;
import java.util.Set;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.ResponseBodies;
import io.xsen.orchestrator.support.StripeApiFake;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.PREMIUM;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class SubscriptionStatusAccessIntegrationTests {

	private static final List<String> STATUSES = List.of("active", "trialing", "past_due", "canceled", "unpaid",
			"incomplete", "incomplete_expired", "paused");

	private static final Set<String> GRANTING = Set.of("active", "trialing");

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private DatabaseRows rows;

	@Autowired
	private AccessScenario scenario;

	@BeforeEach
	void cleanSlate() {
		this.rows.clear();
		StripeApiFake.reset();
		StripeApiFake.portalSessionsOpenAt("https://billing.stripe.com/p/session/test_matrix");
	}

	@Test
	void everyStatusAgainstEveryEndpointForAPremiumCustomer() {
		int n = 0;
		for (String status : STATUSES) {
			String customer = "cus_Matrix" + (++n);
			this.scenario.subscriptionIs("sub_Matrix" + n, customer, status, PREMIUM, now() - 100);
			String token = this.scenario.tokenFor(customer);
			boolean granted = GRANTING.contains(status);

			for (Endpoint endpoint : Endpoint.values()) {
				RestTestClient.ResponseSpec response = endpoint.call(this.scenario, token);
				if (granted) {
					response.expectStatus().isOk();
				}
				else {
					response.expectStatus()
						.isForbidden()
						.expectBody()
						.jsonPath("$.code")
						.isEqualTo("subscription_inactive")
						.jsonPath("$.subscription_status")
						.isEqualTo(status);
				}
			}
			// A token holder may always replace or drop their token, whatever they pay.
			String rotated = ResponseBodies
				.json(this.scenario.post("/api/token/rotate", token).expectStatus().isCreated())
				.path("token")
				.stringValue();
			this.client.delete()
				.uri("/api/token")
				.header("Authorization", "Bearer " + rotated)
				.exchange()
				.expectStatus()
				.isNoContent();
		}
	}

	@Test
	void aBasicCustomerGetsEverythingButPremium() {
		this.scenario.subscriptionIs("sub_MatrixBasic", "cus_MatrixBasic", "trialing", BASIC, now() - 100);
		String token = this.scenario.tokenFor("cus_MatrixBasic");

		for (Endpoint endpoint : Endpoint.values()) {
			RestTestClient.ResponseSpec response = endpoint.call(this.scenario, token);
			if (endpoint == Endpoint.PREMIUM_CHAT) {
				response.expectStatus()
					.isEqualTo(HttpStatus.FORBIDDEN)
					.expectBody()
					.jsonPath("$.code")
					.isEqualTo("tier_required")
					.jsonPath("$.required_tier")
					.isEqualTo("premium")
					.jsonPath("$.current_tier")
					.isEqualTo("basic");
			}
			else {
				response.expectStatus().isOk();
			}
		}
	}

	@Test
	void anActiveSubscriptionOnAPriceOfNoTierOpensNothing() {
		this.scenario.subscriptionIs("sub_MatrixNoTier", "cus_MatrixNoTier", "active", "price_legacy_gold",
				now() - 100);
		String token = this.scenario.tokenFor("cus_MatrixNoTier");

		for (Endpoint endpoint : Endpoint.values()) {
			endpoint.call(this.scenario, token)
				.expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("tier_required")
				.jsonPath("$.current_tier")
				.isEmpty();
		}
	}

	@Test
	void aCustomerWhoCancelledAndResubscribedIsJudgedByTheLiveSubscription() {
		this.scenario.subscriptionIs("sub_MatrixOld", "cus_MatrixAgain", "canceled", BASIC, now() - 500);
		this.scenario.subscriptionIs("sub_MatrixNew", "cus_MatrixAgain", "active", PREMIUM, now() - 100);
		String token = this.scenario.tokenFor("cus_MatrixAgain");

		this.scenario.get("/api/chat/premium", token).expectStatus().isOk();
		assertThat(this.jdbc.sql("SELECT count(*) FROM subscriptions").query(Long.class).single()).isEqualTo(2);
	}

	/**
	 * The customer API, each endpoint as a chatbot calls it.
	 */
	enum Endpoint {

		SUBSCRIPTION, CHAT, PREMIUM_CHAT, PORTAL;

		RestTestClient.ResponseSpec call(AccessScenario scenario, String token) {
			return switch (this) {
				case SUBSCRIPTION -> scenario.get("/api/subscription", token);
				case CHAT -> scenario.get("/api/chat", token);
				case PREMIUM_CHAT -> scenario.get("/api/chat/premium", token);
				case PORTAL -> scenario.post("/api/create-portal-session", token);
			};
		}

	}

}
