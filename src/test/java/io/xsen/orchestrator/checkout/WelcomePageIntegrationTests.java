package io.xsen.orchestrator.checkout;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page Stripe Checkout returns a buyer to: it waits and refreshes until Stripe
 * reports the session complete, then offers the button that reveals the token; it is
 * never cached nor given as a referrer, and its button needs the CSRF token. The canceled
 * page says nothing was charged.
 */
@IntegrationTest
@CleanSlate
class WelcomePageIntegrationTests {

	static final String SESSION = "cs_test_b1WelcomePage7Rk2";

	static final String CUSTOMER = "cus_TWelcome4Hq8";

	static final String SUBSCRIPTION = "sub_1TWelcomePage9Xv2";

	@Autowired
	private RestTestClient client;

	@Autowired
	private AccessScenario scenario;

	@Test
	void beforeStripeReportsTheSessionCompleteThePageSaysSoAndRefreshes() {
		ObjectNode open = completed();
		open.put("status", "open");
		open.putNull("subscription");
		StripeApiFake.checkoutSessionIs(open);

		String page = welcome(SESSION).expectStatus()
			.isOk()
			.expectHeader()
			.value("Cache-Control", value -> assertThat(value).contains("no-store"))
			.expectHeader()
			.valueEquals("Referrer-Policy", "no-referrer")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(page).contains("Waiting for your payment")
			.contains("<meta http-equiv=\"refresh\" content=\"3\">")
			.doesNotContain("Reveal my token");
	}

	@Test
	void onceCompleteThePageOffersTheButtonWhichNeedsTheCsrfToken() {
		StripeApiFake.checkoutSessionIs(completed());

		String page = welcome(SESSION).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

		assertThat(page).contains("Reveal my token").contains("name=\"_csrf\"").doesNotContain("http-equiv");
		this.client.post()
			.uri("/welcome")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body("session_id=" + SESSION)
			.exchange()
			.expectStatus()
			.isForbidden();
		this.scenario.claim(SESSION).expectStatus().isCreated();
	}

	@Test
	void aSessionClaimedAlreadySaysTheTokenWasRevealedWithoutAskingStripe() {
		StripeApiFake.checkoutSessionIs(completed());
		this.scenario.claim(SESSION).expectStatus().isCreated();
		int asked = StripeApiFake.requestsTo("/v1/checkout/sessions/" + SESSION);

		String page = welcome(SESSION).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

		assertThat(page).contains("already revealed").doesNotContain("Reveal my token").doesNotContain("xsen_");
		assertThat(StripeApiFake.requestsTo("/v1/checkout/sessions/" + SESSION)).isEqualTo(asked);
	}

	@Test
	void aSessionStripeDoesNotKnowOrNoSessionIsNotFound() {
		StripeApiFake.checkoutSessionsAreUnknown();

		welcome("cs_test_nope").expectStatus().isNotFound();
		this.client.get().uri("/welcome").exchange().expectStatus().isNotFound();
		welcome("not-a-session").expectStatus().isNotFound();
	}

	@Test
	void theCanceledPageSaysNothingWasCharged() {
		String page = this.client.get()
			.uri("/welcome/canceled")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value("Cache-Control", value -> assertThat(value).contains("no-store"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(page).contains("nothing was charged");
	}

	/** A Checkout Session that completed a minute ago, its subscription expanded. */
	static ObjectNode completed() {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", BASIC, inDays(30));
		subscription.put("created", now() - 60);
		ObjectNode session = StripeFixtures.completedCheckout(SESSION, CUSTOMER, SUBSCRIPTION, "ada@example.com");
		session.put("created", now() - 120);
		session.set("subscription", subscription);
		return session;
	}

	private RestTestClient.ResponseSpec welcome(String sessionId) {
		return this.client.get().uri("/welcome?session_id={id}", sessionId).exchange();
	}

}
