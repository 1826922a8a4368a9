package io.xsen.orchestrator.checkout;

import java.util.List;
import java.util.Map;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeApiFake.FormRequest;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chatbot sells a plan: {@code POST /api/checkout} opens a Stripe Checkout Session for
 * a catalog price, and {@code POST /api/upgrade} moves a subscriber's plan through
 * Stripe's billing portal or sells a plan to a customer without one. The fake Stripe
 * records what XSEN asked for.
 */
@IntegrationTest
@CleanSlate
class CheckoutIntegrationTests {

	static final String SESSION = "cs_test_b1CheckoutPro4f9Q";

	static final ObjectNode PRO = StripeFixtures.product("prod_TPro", "Pro", true,
			Map.of("xsen_tier", "pro", "xsen_rank", "3"));

	static final ObjectNode PRO_MONTHLY = StripeFixtures.price("price_pro_monthly", "prod_TPro", "usd", 2900, "month",
			"pro_monthly");

	private static final ObjectNode TEAM = StripeFixtures.product("prod_TTeamSeats", "Team", true,
			Map.of("xsen_tier", "team", "xsen_rank", "4", "xsen_seats", "per_unit"));

	private static final ObjectNode TEAM_SEAT = StripeFixtures.price("price_team_seat", "prod_TTeamSeats", "usd", 1500,
			"month", "team_seat");

	private static final ObjectNode EXTRA = StripeFixtures.product("prod_TExtra", "Extra messages", true,
			Map.of("xsen_extra_messages", "1000"));

	private static final ObjectNode EXTRA_PACK = StripeFixtures.price("price_extra_pack", "prod_TExtra", "usd", 500,
			"month", "extra_pack");

	private static final String CUSTOMER = "cus_TCheckoutUp9w";

	private static final String SUBSCRIPTION = "sub_1TCheckoutUp4k2Lz";

	@Autowired
	private RestTestClient client;

	@Autowired
	private AccessScenario scenario;

	@BeforeEach
	void catalogSellsProTeamSeatsAndAnAddOn() {
		catalogHolds(this.scenario);
		deliver(this.scenario, "product.created", TEAM);
		deliver(this.scenario, "price.created", TEAM_SEAT);
		deliver(this.scenario, "product.created", EXTRA);
		deliver(this.scenario, "price.created", EXTRA_PACK);
		StripeApiFake.checkoutSessionsOpenAs(SESSION, false);
	}

	/** The catalog sells Pro monthly, looked up as {@code pro_monthly}. */
	static void catalogHolds(AccessScenario scenario) {
		deliver(scenario, "product.created", PRO);
		deliver(scenario, "price.created", PRO_MONTHLY);
	}

	@Test
	void aCheckoutLinkSellsThePriceWithPromotionCodesTheEmailAndTheWelcomePage() {
		JsonNode answer = json(
				checkout("{\"price\":\"pro_monthly\",\"email\":\"ada@example.com\"}", null).expectStatus().isCreated());

		assertThat(answer.path("session_id").stringValue()).isEqualTo(SESSION);
		assertThat(answer.path("url").stringValue()).isEqualTo("https://checkout.stripe.com/c/pay/" + SESSION);
		List<FormRequest> created = StripeApiFake.checkoutSessionCreations();
		assertThat(created).hasSize(1);
		assertThat(created.get(0).params()).containsEntry("mode", "subscription")
			.containsEntry("line_items[0][price]", "price_pro_monthly")
			.containsEntry("line_items[0][quantity]", "1")
			.containsEntry("allow_promotion_codes", "true")
			.containsEntry("customer_email", "ada@example.com")
			.containsEntry("success_url", "https://xsen.test/welcome?session_id={CHECKOUT_SESSION_ID}")
			.containsEntry("cancel_url", "https://xsen.test/welcome/canceled")
			.doesNotContainKey("customer");
		assertThat(created.get(0).idempotencyKey()).isNotBlank();
	}

	@Test
	void aPriceIdSellsTooAndAnyPriceNotPerSeatIsSoldOnce() {
		checkout("{\"price\":\"price_pro_monthly\",\"quantity\":5}", null).expectStatus().isCreated();

		assertThat(StripeApiFake.checkoutSessionCreations().get(0).params())
			.containsEntry("line_items[0][price]", "price_pro_monthly")
			.containsEntry("line_items[0][quantity]", "1")
			.doesNotContainKey("customer_email");
	}

	@Test
	void aPerSeatPriceSellsTheQuantityAskedFromOneToAThousand() {
		checkout("{\"price\":\"team_seat\",\"quantity\":7}", null).expectStatus().isCreated();
		checkout("{\"price\":\"team_seat\",\"quantity\":1000}", null).expectStatus().isCreated();

		expectProblem(checkout("{\"price\":\"team_seat\",\"quantity\":0}", null), HttpStatus.UNPROCESSABLE_CONTENT,
				"invalid_quantity");
		expectProblem(checkout("{\"price\":\"team_seat\",\"quantity\":1001}", null), HttpStatus.UNPROCESSABLE_CONTENT,
				"invalid_quantity");
		assertThat(StripeApiFake.checkoutSessionCreations())
			.extracting(request -> request.params().get("line_items[0][quantity]"))
			.containsExactly("7", "1000");
	}

	@Test
	void aPriceThatIsNotAnActivePlanIsUnknownAndStripeIsNotAsked() {
		ObjectNode archived = StripeFixtures.price("price_pro_2024", "prod_TPro", "usd", 1900, "month", "pro_2024");
		archived.put("active", false);
		deliver(this.scenario, "price.created", archived);

		for (String price : List.of("no_such_plan", "price_nope", "extra_pack", "pro_2024", "price_pro_2024", BASIC)) {
			expectProblem(checkout("{\"price\":\"" + price + "\"}", null), HttpStatus.UNPROCESSABLE_CONTENT,
					"unknown_price");
		}
		expectProblem(checkout("{\"email\":\"ada@example.com\"}", null), HttpStatus.BAD_REQUEST, "invalid_request");
		expectProblem(checkout("{\"price\":\"pro_monthly\",\"email\":\"not an address\"}", null),
				HttpStatus.BAD_REQUEST, "invalid_request");
		assertThat(StripeApiFake.checkoutSessionCreations()).isEmpty();
	}

	@Test
	void aRetryWithTheSameKeyAndBodyAsksStripeWithTheSameKeySoItGetsTheSameSession() {
		String body = "{\"price\":\"pro_monthly\",\"email\":\"ada@example.com\"}";
		checkout(body, "chat-42-buy").expectStatus().isCreated();
		checkout(body, "chat-42-buy").expectStatus().isCreated();
		checkout(body, "\"chat-42-buy\"").expectStatus().isCreated();
		checkout("{\"price\":\"pro_monthly\",\"email\":\"bob@example.com\"}", "chat-42-buy").expectStatus().isCreated();
		checkout(body, "chat-43-buy").expectStatus().isCreated();
		checkout(body, null).expectStatus().isCreated();
		checkout(body, null).expectStatus().isCreated();

		List<String> keys = StripeApiFake.checkoutSessionCreations().stream().map(FormRequest::idempotencyKey).toList();
		assertThat(keys.get(1)).isEqualTo(keys.get(0));
		assertThat(keys.get(2)).as("a quoted key is the same key").isEqualTo(keys.get(0));
		assertThat(keys.subList(3, 7)).as("another body, another key, or none: a new session each")
			.doesNotContain(keys.get(0))
			.doesNotHaveDuplicates();
	}

	@Test
	void stripeAnsweringFromItsIdempotencyRecordIsSaidSoAndABadKeyIsRefused() {
		StripeApiFake.checkoutSessionsOpenAs(SESSION, true);

		checkout("{\"price\":\"pro_monthly\"}", "chat-42-buy").expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "true")
			.expectBody()
			.jsonPath("$.session_id")
			.isEqualTo(SESSION);
		expectProblem(checkout("{\"price\":\"pro_monthly\"}", "x".repeat(256)), HttpStatus.BAD_REQUEST,
				"invalid_idempotency_key");
		assertThat(StripeApiFake.checkoutSessionCreations()).hasSize(1);
	}

	@Test
	void stripeUnreachableIs503WithRetryAfter() {
		StripeApiFake.checkoutSessionCreationFailsWith(500);

		expectProblem(checkout("{\"price\":\"pro_monthly\"}", null), HttpStatus.SERVICE_UNAVAILABLE,
				"stripe_unavailable")
			.expectHeader()
			.exists("Retry-After");
	}

	@Test
	void aSubscriberUpgradesThroughTheBillingPortalOnTheirTierItem() {
		this.scenario.subscriptionIs(SUBSCRIPTION, CUSTOMER, "active", BASIC, now() - 60);
		StripeApiFake.portalSessionsOpenAt("https://billing.stripe.com/p/session/test_upgrade");
		String token = this.scenario.tokenFor(CUSTOMER);

		JsonNode answer = json(upgrade(token, "{\"price\":\"pro_monthly\"}").expectStatus().isOk());

		assertThat(answer.path("url").stringValue()).isEqualTo("https://billing.stripe.com/p/session/test_upgrade");
		assertThat(answer.has("session_id")).isFalse();
		List<FormRequest> portal = StripeApiFake.portalSessionCreations();
		assertThat(portal).hasSize(1);
		assertThat(portal.get(0).params()).containsEntry("customer", CUSTOMER)
			.containsEntry("flow_data[type]", "subscription_update_confirm")
			.containsEntry("flow_data[subscription_update_confirm][subscription]", SUBSCRIPTION)
			.containsEntry("flow_data[subscription_update_confirm][items][0][id]", "si_QXhVnC2h0Jczwc")
			.containsEntry("flow_data[subscription_update_confirm][items][0][price]", "price_pro_monthly")
			.containsEntry("return_url", "https://example.com/account");
		assertThat(StripeApiFake.checkoutSessionCreations()).isEmpty();
		// Not metered: a plan change spends no message.
		assertThat(json(this.scenario.get("/api/usage", token)).path("messages_used").asLong(-1)).isZero();
	}

	@Test
	void aCustomerWithoutASubscriptionThatGrantsGetsACheckoutForThemselves() {
		this.scenario.subscriptionIs(SUBSCRIPTION, CUSTOMER, "canceled", BASIC, now() - 60);
		String token = this.scenario.tokenFor(CUSTOMER);

		JsonNode answer = json(upgrade(token, "{\"price\":\"pro_monthly\"}").expectStatus().isCreated());

		assertThat(answer.path("session_id").stringValue()).isEqualTo(SESSION);
		assertThat(StripeApiFake.checkoutSessionCreations().get(0).params()).containsEntry("customer", CUSTOMER)
			.containsEntry("mode", "subscription")
			.containsEntry("allow_promotion_codes", "true")
			.containsEntry("line_items[0][price]", "price_pro_monthly")
			.containsEntry("success_url", "https://xsen.test/welcome?session_id={CHECKOUT_SESSION_ID}")
			.doesNotContainKey("customer_email");
		assertThat(StripeApiFake.portalSessionCreations()).isEmpty();
	}

	@Test
	void anUpgradeNeedsATokenAndAKnownPrice() {
		this.scenario.subscriptionIs(SUBSCRIPTION, CUSTOMER, "active", BASIC, now() - 60);
		String token = this.scenario.tokenFor(CUSTOMER);

		expectProblem(upgrade(token, "{\"price\":\"extra_pack\"}"), HttpStatus.UNPROCESSABLE_CONTENT, "unknown_price");
		this.client.post()
			.uri("/api/upgrade")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"price\":\"pro_monthly\"}")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(StripeApiFake.portalSessionCreations()).isEmpty();
	}

	@Test
	void anUpgradeRetriedWithItsIdempotencyKeyIsAnsweredFromTheFirst() {
		this.scenario.subscriptionIs(SUBSCRIPTION, CUSTOMER, "active", BASIC, now() - 60);
		StripeApiFake.portalSessionsOpenAt("https://billing.stripe.com/p/session/test_upgrade");
		String token = this.scenario.tokenFor(CUSTOMER);

		for (int i = 0; i < 2; i++) {
			this.client.post()
				.uri("/api/upgrade")
				.header("Authorization", "Bearer " + token)
				.header("Idempotency-Key", "upgrade-7")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"price\":\"pro_monthly\"}")
				.exchange()
				.expectStatus()
				.isOk();
		}

		assertThat(StripeApiFake.portalSessionCreations()).hasSize(1);
	}

	private RestTestClient.ResponseSpec checkout(String body, String idempotencyKey) {
		RestTestClient.RequestBodySpec request = this.client.post()
			.uri("/api/checkout")
			.contentType(MediaType.APPLICATION_JSON);
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return request.body(body).exchange();
	}

	private RestTestClient.ResponseSpec upgrade(String token, String body) {
		return this.client.post()
			.uri("/api/upgrade")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange();
	}

	private static void deliver(AccessScenario scenario, String type, ObjectNode object) {
		scenario.deliver(type, now() - 120, object).expectStatus().isOk();
	}

	private static RestTestClient.ResponseSpec expectProblem(RestTestClient.ResponseSpec response, HttpStatus status,
			String code) {
		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo(code);
		return response;
	}

}
