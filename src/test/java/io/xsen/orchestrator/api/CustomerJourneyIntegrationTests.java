package io.xsen.orchestrator.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.InfoLogging;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.PREMIUM;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@IntegrationTest
@CleanSlate
@ExtendWith(OutputCaptureExtension.class)
class CustomerJourneyIntegrationTests {

	private static final String CUSTOMER = "cus_QXg1o8vcGmoR32";

	private static final String SUBSCRIPTION = "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw";

	private static final String SESSION = "cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41";

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private AccessScenario scenario;

	@Autowired
	private DatabaseRows rows;

	@Test
	@ExtendWith(InfoLogging.class)
	void checkoutThenClaimThenChatThenUpgradeThenCancel(CapturedOutput output) {
		long bought = now() - 60;
		StripeApiFake.subscriptionIs(subscription("active", BASIC, bought));
		StripeApiFake.checkoutSessionIs(completedCheckout(bought, subscription("active", BASIC, bought)));
		this.scenario
			.deliver("checkout.session.completed", bought,
					StripeFixtures.completedCheckout(SESSION, CUSTOMER, SUBSCRIPTION, "ada@example.com"))
			.expectStatus()
			.isOk();

		JsonNode claimed = json(this.scenario.claim(SESSION).expectStatus().isCreated());
		String token = claimed.path("token").stringValue();
		assertThat(claimed.path("token_type").stringValue()).isEqualTo("Bearer");
		assertThat(claimed.path("tier").stringValue()).isEqualTo("basic");
		// The subscription's period ends in 30 days; the token outlives it by the 3-day
		// grace.
		assertThat(Instant.parse(claimed.path("expires_at").stringValue()))
			.isCloseTo(Instant.ofEpochSecond(inDays(30)).plus(Duration.ofDays(3)), within(Duration.ofMinutes(1)));

		this.scenario.get("/api/chat", token)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tier")
			.isEqualTo("basic")
			.jsonPath("$.message")
			.isNotEmpty();
		this.scenario.get("/api/chat/premium", token)
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("tier_required")
			.jsonPath("$.required_tier")
			.isEqualTo("premium")
			.jsonPath("$.current_tier")
			.isEqualTo("basic");

		this.scenario.deliver("customer.subscription.updated", bought + 30, subscription("active", PREMIUM, bought))
			.expectStatus()
			.isOk();
		this.scenario.get("/api/chat/premium", token)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tier")
			.isEqualTo("premium");

		this.scenario.deliver("customer.subscription.deleted", bought + 50, subscription("canceled", PREMIUM, bought))
			.expectStatus()
			.isOk();
		for (String path : new String[] { "/api/chat", "/api/chat/premium", "/api/subscription" }) {
			this.scenario.get(path, token)
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("subscription_inactive");
		}
		assertThat(output).doesNotContain(token);
	}

	@Test
	void aClaimThatBeatsTheWebhookBringsTheSubscriptionInAndTheLateWebhookKeepsTheToken() {
		long bought = now() - 5;
		StripeApiFake.checkoutSessionIs(completedCheckout(bought, subscription("active", PREMIUM, bought)));

		String token = json(this.scenario.claim(SESSION).expectStatus().isCreated()).path("token").stringValue();

		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("stripe_customer_id", CUSTOMER)
			.containsEntry("status", "active")
			.containsEntry("tier", "premium")
			.containsEntry("email", "ada@example.com");
		this.scenario.get("/api/chat/premium", token).expectStatus().isOk();

		StripeApiFake.subscriptionIs(subscription("active", PREMIUM, bought));
		ObjectNode lateCheckout = StripeFixtures.completedCheckout(SESSION, CUSTOMER, SUBSCRIPTION, "ada@example.com");
		this.scenario.deliver("checkout.session.completed", bought, lateCheckout).expectStatus().isOk();
		this.scenario.deliver("checkout.session.completed", bought + 1, lateCheckout).expectStatus().isOk();

		this.scenario.get("/api/chat/premium", token).expectStatus().isOk();
		assertThat(this.rows.tokens(CUSTOMER)).singleElement()
			.satisfies(row -> assertThat(row).containsEntry("revoked_at", null).containsEntry("issued_via", "claim"));
	}

	@Test
	void claimsStripeCannotBackAreRefusedAsProblemsAndChangeNothing() {
		long now = now();
		StripeApiFake.checkoutSessionIs(completedCheckout("cs_test_open", now, null).put("status", "open"));
		StripeApiFake.checkoutSessionIs(
				completedCheckout("cs_test_old", now - 25 * 3600, subscription("active", BASIC, now - 25 * 3600)));
		StripeApiFake.checkoutSessionIs(
				completedCheckout("cs_test_payment", now, null).put("mode", "payment").putNull("subscription"));

		expectProblem(this.scenario.claim("cs_test_open"), HttpStatus.CONFLICT, "checkout_session_incomplete");
		expectProblem(this.scenario.claim("cs_test_old"), HttpStatus.GONE, "claim_window_closed");
		expectProblem(this.scenario.claim("cs_test_payment"), HttpStatus.UNPROCESSABLE_CONTENT,
				"checkout_session_not_subscription");
		StripeApiFake.checkoutSessionsAreUnknown();
		expectProblem(this.scenario.claim("cs_test_nobody_knows"), HttpStatus.NOT_FOUND, "checkout_session_not_found");

		assertThat(this.rows.count("auth_tokens")).isZero();
		assertThat(this.rows.count("subscriptions")).isZero();
	}

	@Test
	void badClaimRequestsAre400ProblemsWithoutAskingStripe() {
		for (String body : new String[] { "{}", "{\"checkout_session_id\":\"\"}",
				"{\"checkout_session_id\":\"sub_123\"}", "{\"checkout_session_id\":\"cs_../../v1/customers\"}",
				"{\"checkout_session_id\":42}", "not json", "[]" }) {
			expectProblem(this.client.post()
				.uri("/api/token/claim")
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.exchange(), HttpStatus.BAD_REQUEST, "invalid_request");
		}
		assertThat(StripeApiFake.server().getAllServeEvents()).isEmpty();
		assertThat(this.rows.count("auth_tokens")).isZero();
	}

	@Test
	void stripeDownDuringAClaimIsA503TheCustomerMayRetry() {
		StripeApiFake.checkoutSessionsFailWith(500);

		expectProblem(this.scenario.claim(SESSION), HttpStatus.SERVICE_UNAVAILABLE, "stripe_unavailable").expectHeader()
			.exists("Retry-After");

		assertThat(this.rows.count("auth_tokens")).isZero();
	}

	@Test
	void theSubscriptionEndpointShowsWhatTheCustomerHas() {
		this.scenario.subscriptionIs(SUBSCRIPTION, CUSTOMER, "active", PREMIUM, now() - 100);
		this.jdbc.sql("UPDATE subscriptions SET email = 'ada@example.com'").update();
		String token = this.scenario.tokenFor(CUSTOMER);

		JsonNode body = json(this.scenario.get("/api/subscription", token).expectStatus().isOk());

		assertThat(body.path("customer_id").stringValue()).isEqualTo(CUSTOMER);
		assertThat(body.path("email").stringValue()).isEqualTo("ada@example.com");
		assertThat(body.path("tier").stringValue()).isEqualTo("premium");
		assertThat(body.path("status").stringValue()).isEqualTo("active");
		assertThat(body.path("cancel_at_period_end").asBoolean(true)).isFalse();
		assertThat(Instant.parse(body.path("current_period_end").stringValue()))
			.isCloseTo(Instant.ofEpochSecond(inDays(30)), within(Duration.ofMinutes(1)));
		assertThat(Instant.parse(body.path("token_expires_at").stringValue()))
			.isCloseTo(Instant.ofEpochSecond(inDays(30)).plus(Duration.ofDays(3)), within(Duration.ofMinutes(1)));
	}

	@Test
	void thePortalSessionIsOpenedForTheCallersOwnCustomerWithTheConfiguredReturnUrl() {
		this.scenario.subscriptionIs(SUBSCRIPTION, CUSTOMER, "active", BASIC, now() - 100);
		String token = this.scenario.tokenFor(CUSTOMER);
		StripeApiFake.portalSessionsOpenAt("https://billing.stripe.com/p/session/test_YWNjdF8x");

		this.scenario.post("/api/create-portal-session", token)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.url")
			.isEqualTo("https://billing.stripe.com/p/session/test_YWNjdF8x");

		assertThat(StripeApiFake.portalSessionRequests()).singleElement()
			.satisfies(form -> assertThat(form).contains("customer=" + CUSTOMER)
				.contains("return_url=https://example.com/account"));
	}

	@Test
	void theApiSendsSecurityHeadersAndAnswersCorsOnlyForConfiguredOrigins() {
		this.scenario.subscriptionIs(SUBSCRIPTION, CUSTOMER, "active", BASIC, now() - 100);
		String token = this.scenario.tokenFor(CUSTOMER);

		this.scenario.get("/api/chat", token)
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectHeader()
			.value("Cache-Control", value -> assertThat(value).contains("no-store"));

		this.client.options()
			.uri("/api/chat")
			.header("Origin", "https://app.example.com")
			.header("Access-Control-Request-Method", "GET")
			.header("Access-Control-Request-Headers", "authorization")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", "https://app.example.com");
		this.client.options()
			.uri("/api/chat")
			.header("Origin", "https://evil.example.net")
			.header("Access-Control-Request-Method", "GET")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist("Access-Control-Allow-Origin");
	}

	@Test
	void noGeneratedPasswordUserExists(@Autowired ApplicationContext context) {
		assertThat(context.getBeansOfType(UserDetailsService.class)).isEmpty();
	}

	private static RestTestClient.ResponseSpec expectProblem(RestTestClient.ResponseSpec response, HttpStatus status,
			String code) {
		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo(code)
			.jsonPath("$.status")
			.isEqualTo(status.value());
		return response;
	}

	private static ObjectNode subscription(String status, String price, long created) {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, status, price, inDays(30));
		subscription.put("created", created);
		return subscription;
	}

	private static ObjectNode completedCheckout(long created, ObjectNode expandedSubscription) {
		return completedCheckout(SESSION, created, expandedSubscription);
	}

	private static ObjectNode completedCheckout(String id, long created, ObjectNode expandedSubscription) {
		ObjectNode session = StripeFixtures.completedCheckout(id, CUSTOMER, SUBSCRIPTION, "ada@example.com");
		session.put("created", created - 120);
		if (expandedSubscription != null) {
			session.set("subscription", expandedSubscription);
		}
		return session;
	}

}
