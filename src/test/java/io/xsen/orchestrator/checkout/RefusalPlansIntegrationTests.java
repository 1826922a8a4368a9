package io.xsen.orchestrator.checkout;

import java.util.Map;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chatbot refused a call learns what to offer: the 403 {@code tier_required} and 429
 * {@code quota_exceeded} bodies list the catalog's plans that would allow it, read from
 * the catalog XSEN holds, without asking Stripe.
 */
@IntegrationTest
@CleanSlate
class RefusalPlansIntegrationTests {

	private static final ObjectNode SOLO = StripeFixtures.product("prod_TSolo", "Solo", true, Map.of("xsen_tier",
			"solo", "xsen_rank", "5", "xsen_messages_per_period", "1", "xsen_requests_per_minute", "unlimited"));

	private static final ObjectNode SOLO_MONTHLY = StripeFixtures.price("price_solo_monthly", "prod_TSolo", "usd", 900,
			"month", "solo_monthly");

	private static final ObjectNode TEAM = StripeFixtures.product("prod_TTeamRefusal", "Team", true,
			Map.of("xsen_tier", "team", "xsen_rank", "6"));

	private static final ObjectNode TEAM_YEARLY = StripeFixtures.price("price_team_yearly", "prod_TTeamRefusal", "eur",
			99000, "year", "team_yearly");

	private static final ObjectNode EXTRA = StripeFixtures.product("prod_TExtraRefusal", "Extra messages", true,
			Map.of("xsen_extra_messages", "1000"));

	private static final ObjectNode EXTRA_PACK = StripeFixtures.price("price_extra_refusal", "prod_TExtraRefusal",
			"usd", 500, "month", "extra_refusal");

	private static final String CUSTOMER = "cus_TRefusal3Kp7";

	private static final String SUBSCRIPTION = "sub_1TRefusalPlans8Wm";

	@Autowired
	private AccessScenario scenario;

	@BeforeEach
	void catalogSellsProSoloTeamAndAnAddOn() {
		CheckoutIntegrationTests.catalogHolds(this.scenario);
		for (ObjectNode product : new ObjectNode[] { SOLO, TEAM, EXTRA }) {
			this.scenario.deliver("product.created", now() - 120, product).expectStatus().isOk();
		}
		ObjectNode archived = StripeFixtures.price("price_pro_2024", "prod_TPro", "usd", 1900, "month", "pro_2024");
		archived.put("active", false);
		for (ObjectNode price : new ObjectNode[] { SOLO_MONTHLY, TEAM_YEARLY, EXTRA_PACK, archived }) {
			this.scenario.deliver("price.created", now() - 120, price).expectStatus().isOk();
		}
	}

	@Test
	void tierRequiredNamesTheOfferedPlansOfTheTierOrHigher() {
		this.scenario.subscriptionIs(SUBSCRIPTION, CUSTOMER, "active", BASIC, now() - 60);
		String token = this.scenario.tokenFor(CUSTOMER);
		int stripeCalls = StripeApiFake.server().getAllServeEvents().size();

		JsonNode problem = json(this.scenario.get("/api/chat/premium", token)
			.expectStatus()
			.isEqualTo(HttpStatus.FORBIDDEN)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("tier_required")
			.returnResult());

		assertThat(problem.path("plans").values()).extracting(plan -> plan.path("price").stringValue())
			.containsExactly("pro_monthly", "solo_monthly", "team_yearly");
		JsonNode team = problem.path("plans").get(2);
		assertThat(team.path("product").stringValue()).isEqualTo("Team");
		assertThat(team.path("amount").asLong()).isEqualTo(99000);
		assertThat(team.path("currency").stringValue()).isEqualTo("eur");
		assertThat(team.path("interval").stringValue()).isEqualTo("year");
		assertThat(team.path("tier").stringValue()).isEqualTo("team");
		assertThat(StripeApiFake.server().getAllServeEvents()).hasSize(stripeCalls);
	}

	@Test
	void quotaExceededNamesThePlansThatAllowMoreMessages() {
		this.scenario.subscriptionIs(SUBSCRIPTION, CUSTOMER, "active", "price_solo_monthly", now() - 60);
		String token = this.scenario.tokenFor(CUSTOMER);
		this.scenario.get("/api/chat", token).expectStatus().isOk();
		int stripeCalls = StripeApiFake.server().getAllServeEvents().size();

		JsonNode problem = json(this.scenario.get("/api/chat", token)
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("quota_exceeded")
			.returnResult());

		assertThat(problem.path("plans").values()).extracting(plan -> plan.path("price").stringValue())
			.containsExactly("pro_monthly", "team_yearly");
		assertThat(problem.path("plans").get(0).path("product").stringValue()).isEqualTo("Pro");
		assertThat(problem.path("plans").get(0).path("amount").asLong()).isEqualTo(2900);
		assertThat(StripeApiFake.server().getAllServeEvents()).hasSize(stripeCalls);
	}

}
