package io.xsen.orchestrator.token;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token claim while the Stripe API fails (5xx, rate limit, timeout) tells the customer
 * to retry, writes nothing and revokes nothing, and the retry hands the token over.
 */
@IntegrationTest
@CleanSlate
class ClaimStripeOutageIntegrationTests {

	private static final String CUSTOMER = "cus_RClaimOutage7Hq2";

	private static final String SUBSCRIPTION = "sub_1RClaimOutageK4mZ8pQ";

	private static final String SESSION = "cs_test_b1ClaimOutage9fTy2Lw0Pq";

	/** A later checkout of the same customer. */
	private static final String ANOTHER_SESSION = "cs_test_b1ClaimOutageSecond4Rt7Vx";

	/** Longer than the test profile's 2 s Stripe read timeout. */
	private static final int SLOWER_THAN_READ_TIMEOUT_MS = 3000;

	@Autowired
	private AccessScenario scenario;

	@Autowired
	private DatabaseRows rows;

	@ParameterizedTest
	@EnumSource
	void aClaimWhileStripeFailsIsA503RetryThatWritesNothingAndTheRetrySucceeds(StripeFailure failure) {
		failure.arrange();

		expectRetryLater(this.scenario.claim(SESSION));

		assertThat(this.rows.count("auth_tokens")).as("no token issued").isZero();
		assertThat(this.rows.count("subscriptions")).as("no subscription recorded").isZero();

		StripeApiFake.reset();
		stripeWorks();
		String token = json(this.scenario.claim(SESSION).expectStatus().isCreated()).path("token").stringValue();

		this.scenario.get("/api/chat", token).expectStatus().isOk();
		assertThat(this.rows.tokens(CUSTOMER)).singleElement()
			.satisfies(row -> assertThat(row).containsEntry("revoked_at", null).containsEntry("issued_via", "claim"));
		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "active")
			.containsEntry("tier", "basic")
			.containsEntry("email", "claim@example.com");
	}

	@Test
	void aClaimThatFailsOnStripeLeavesTheTokenTheCustomerHoldsWorking() {
		stripeWorks();
		String held = json(this.scenario.claim(SESSION).expectStatus().isCreated()).path("token").stringValue();
		StripeApiFake.reset();
		StripeFailure.SUBSCRIPTION_TIMES_OUT.arrange();
		ObjectNode anotherCheckout = session();
		anotherCheckout.put("id", ANOTHER_SESSION);
		StripeApiFake.checkoutSessionIs(anotherCheckout);

		expectRetryLater(this.scenario.claim(ANOTHER_SESSION));

		this.scenario.get("/api/chat", held).expectStatus().isOk();
		assertThat(this.rows.tokens(CUSTOMER)).singleElement()
			.satisfies(row -> assertThat(row).containsEntry("revoked_at", null));
	}

	private static void expectRetryLater(RestTestClient.ResponseSpec response) {
		response.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.exists("Retry-After")
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("stripe_unavailable")
			.jsonPath("$.status")
			.isEqualTo(503);
	}

	/** Stripe answers the session (subscription not expanded) and the subscription. */
	private static void stripeWorks() {
		StripeApiFake.checkoutSessionIs(session());
		StripeApiFake.subscriptionIs(subscription());
	}

	private static ObjectNode session() {
		ObjectNode session = StripeFixtures.completedCheckout(SESSION, CUSTOMER, SUBSCRIPTION, "claim@example.com");
		session.put("created", now() - 60);
		return session;
	}

	private static ObjectNode subscription() {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", BASIC, inDays(30));
		subscription.put("created", now() - 60);
		return subscription;
	}

	private static ResponseDefinitionBuilder stripeError(int status) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"Stripe is having a bad day\"}}");
	}

	/**
	 * The ways the Stripe API lets a claim down: on the Checkout Session itself, or on
	 * the subscription read after it.
	 */
	enum StripeFailure {

		SESSION_ANSWERS_500 {
			@Override
			void arrange() {
				StripeApiFake.checkoutSessionsFailWith(500);
			}
		},
		SESSION_IS_RATE_LIMITED {
			@Override
			void arrange() {
				StripeApiFake.server()
					.stubFor(get(urlPathMatching("/v1/checkout/sessions/.*")).willReturn(stripeError(429)));
			}
		},
		SESSION_TIMES_OUT {
			@Override
			void arrange() {
				StripeApiFake.server()
					.stubFor(get(urlPathMatching("/v1/checkout/sessions/.*")).willReturn(aResponse().withStatus(200)
						.withHeader("Content-Type", "application/json")
						.withBody(session().toString())
						.withFixedDelay(SLOWER_THAN_READ_TIMEOUT_MS)));
			}
		},
		SUBSCRIPTION_ANSWERS_500 {
			@Override
			void arrange() {
				StripeApiFake.checkoutSessionIs(session());
				StripeApiFake.subscriptionsFailWith(500);
			}
		},
		SUBSCRIPTION_TIMES_OUT {
			@Override
			void arrange() {
				StripeApiFake.checkoutSessionIs(session());
				StripeApiFake.server()
					.stubFor(get(urlPathMatching("/v1/subscriptions/.*")).willReturn(aResponse().withStatus(200)
						.withHeader("Content-Type", "application/json")
						.withBody(subscription().toString())
						.withFixedDelay(SLOWER_THAN_READ_TIMEOUT_MS)));
			}
		};

		abstract void arrange();

	}

}
