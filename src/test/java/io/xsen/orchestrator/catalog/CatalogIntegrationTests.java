package io.xsen.orchestrator.catalog;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SecondInstance;
import io.xsen.orchestrator.support.SignedWebhooks;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans come from Stripe's catalog: products and prices arrive by webhook, by a sync and
 * by a read of a price met in a subscription; their metadata grants tiers, limits and
 * add-on messages, and a change applies on every instance without a restart.
 */
@IntegrationTest
@CleanSlate
@ExtendWith(OutputCaptureExtension.class)
class CatalogIntegrationTests {

	private static final String ADMIN_KEY = "test-admin-key-0f7d3c9a51b24e8e9d6f";

	private static final String CUSTOMER = "cus_TCatalog7Qe2";

	private static final String SUBSCRIPTION = "sub_1TCatalogW8n3Xq";

	private static final ObjectNode TEAM = StripeFixtures.product("prod_TTeam", "Team", true, Map.of("xsen_tier",
			"team", "xsen_rank", "3", "xsen_messages_per_period", "50", "xsen_requests_per_minute", "unlimited"));

	private static final ObjectNode TEAM_MONTHLY = StripeFixtures.price("price_team_monthly", "prod_TTeam", "usd", 9900,
			"month", "team_monthly");

	@Autowired
	private AccessScenario scenario;

	@Autowired
	private DatabaseRows rows;

	@Autowired
	private RestTestClient client;

	@Test
	void aProductAndPriceCreatedByWebhookGrantANewTierToASubscriptionThatFollows() {
		String token = teamSubscriber(30);

		assertThat(json(this.scenario.get("/api/subscription", token)).path("tier").stringValue()).isEqualTo("team");
		// Rank 3 includes premium's rank 2.
		this.scenario.get("/api/chat/premium", token).expectStatus().isOk();
		JsonNode usage = json(this.scenario.get("/api/usage", token).expectStatus().isOk());
		assertThat(usage.path("messages_limit").asLong()).isEqualTo(50);
		assertThat(usage.path("requests_per_minute").isNull()).isTrue();
		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("tier", "team");
		StripeApiFake.server().verify(0, WireMock.getRequestedFor(WireMock.urlPathMatching("/v1/prices/.*")));
	}

	@Test
	void anOlderProductEventNeverOverwritesANewerStateAndAnArchivedProductKeepsGranting() {
		String token = teamSubscriber(50);

		ObjectNode archived = TEAM.deepCopy().put("active", false);
		this.scenario.deliver("product.updated", now() - 10, archived).expectStatus().isOk();
		ObjectNode older = TEAM.deepCopy();
		((ObjectNode) older.path("metadata")).put("xsen_tier", "nobody");
		this.scenario.deliver("product.updated", now() - 40, older)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("stale");

		assertThat(json(this.scenario.get("/api/subscription", token)).path("tier").stringValue()).isEqualTo("team");
		this.scenario.get("/api/chat/premium", token).expectStatus().isOk();
	}

	@Test
	void aMetadataChangeAppliesOnTwoInstancesWithoutARestart() {
		String token = teamSubscriber(50);
		ConfigurableApplicationContext second = SecondInstance.context();
		RestTestClient secondClient = SecondInstance.client();
		second.getBean(StripeCatalog.class).refresh();
		assertThat(json(get(secondClient, "/api/usage", token)).path("messages_limit").asLong()).isEqualTo(50);
		get(secondClient, "/api/chat/premium", token).expectStatus().isOk();

		ObjectNode changed = TEAM.deepCopy();
		((ObjectNode) changed.path("metadata")).put("xsen_rank", "1").put("xsen_messages_per_period", "70");
		this.scenario.deliver("product.updated", now() - 5, changed).expectStatus().isOk();
		// What the second instance does on its own within a second.
		second.getBean(StripeCatalog.class).refresh();

		assertThat(json(get(secondClient, "/api/usage", token)).path("messages_limit").asLong()).isEqualTo(70);
		get(secondClient, "/api/chat/premium", token).expectStatus().isForbidden();
		assertThat(json(this.scenario.get("/api/usage", token)).path("messages_limit").asLong()).isEqualTo(70);
	}

	@Test
	void aPriceTheCatalogLacksIsReadOnceWithItsProductAndAStripeOutageAsksForARetry() {
		ObjectNode pro = StripeFixtures.product("prod_TPro", "Pro", true, Map.of("xsen_tier", "pro", "xsen_rank", "5"));
		ObjectNode proYearly = StripeFixtures.price("price_pro_yearly", "prod_TPro", "eur", 120000, "year", null);
		StripeApiFake.priceIs(proYearly, pro);
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_pro_yearly",
				inDays(300));

		this.scenario.deliver("customer.subscription.created", now() - 30, subscription).expectStatus().isOk();
		this.scenario.deliver("customer.subscription.updated", now() - 20, subscription).expectStatus().isOk();

		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("tier", "pro");
		StripeApiFake.server()
			.verify(1, WireMock.getRequestedFor(WireMock.urlPathEqualTo("/v1/prices/price_pro_yearly")));

		StripeApiFake.priceFailsWith("price_elsewhere", 500);
		this.scenario
			.deliver("customer.subscription.created", now() - 10,
					StripeFixtures.subscription("sub_1TCatalogOther9", "cus_TCatalogOther", "active", "price_elsewhere",
							inDays(30)))
			.expectStatus()
			.isEqualTo(503);
		assertThat(this.rows.count("subscriptions")).isEqualTo(1);
	}

	@Test
	void anAddOnRaisesTheQuotaByItsMessagesTimesItsQuantity() {
		this.scenario
			.deliver("product.created", now() - 60,
					StripeFixtures.product("prod_TPack", "Message pack", true, Map.of("xsen_extra_messages", "500")))
			.expectStatus()
			.isOk();
		this.scenario
			.deliver("price.created", now() - 60,
					StripeFixtures.price("price_pack_monthly", "prod_TPack", "usd", 500, "month", "pack"))
			.expectStatus()
			.isOk();
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", BASIC, inDays(30));
		ObjectNode pack = ((ObjectNode) subscription.path("items").path("data").get(0)).deepCopy();
		pack.put("id", "si_TPack").put("quantity", 2);
		((ObjectNode) pack.path("price")).put("id", "price_pack_monthly");
		((ObjectNode) pack.path("plan")).put("id", "price_pack_monthly");
		((ArrayNode) subscription.path("items").path("data")).add(pack);

		this.scenario.deliver("customer.subscription.created", now() - 30, subscription).expectStatus().isOk();
		String token = this.scenario.tokenFor(CUSTOMER);

		JsonNode usage = json(this.scenario.get("/api/usage", token).expectStatus().isOk());
		// The test profile's basic quota is 1,000,000.
		assertThat(usage.path("messages_limit").asLong()).isEqualTo(1_001_000);
		assertThat(usage.path("add_on_messages").asLong()).isEqualTo(1000);
		assertThat(json(this.scenario.get("/api/subscription", token)).path("tier").stringValue()).isEqualTo("basic");
	}

	@Test
	void entitlementsChangeWhatApiCheckAnswers() {
		this.scenario.subscriptionIs(SUBSCRIPTION, CUSTOMER, "active", BASIC, now() - 60);
		String token = this.scenario.tokenFor(CUSTOMER);
		this.scenario.get("/api/check?feature=export", token)
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("feature_not_included")
			.jsonPath("$.feature")
			.isEqualTo("export");

		this.scenario
			.deliver("entitlements.active_entitlement_summary.updated", now() - 30,
					StripeFixtures.entitlementSummary(CUSTOMER, "export", "api_access"))
			.expectStatus()
			.isOk();
		this.scenario
			.deliver("entitlements.active_entitlement_summary.updated", now() - 40,
					StripeFixtures.entitlementSummary(CUSTOMER))
			.expectStatus()
			.isOk();

		this.scenario.get("/api/check?feature=export", token)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.feature")
			.isEqualTo("export")
			.jsonPath("$.allowed")
			.isEqualTo(true);
		JsonNode entitlements = json(this.scenario.get("/api/entitlements", token).expectStatus().isOk());
		assertThat(entitlements.path("tier").stringValue()).isEqualTo("basic");
		assertThat(entitlements.path("features").values()).extracting(JsonNode::stringValue)
			.containsExactly("api_access", "export");

		ObjectNode unlisted = StripeFixtures.entitlementSummary(CUSTOMER);
		unlisted.remove("entitlements");
		StripeApiFake.activeEntitlementsAre(CUSTOMER, "sso");
		this.scenario.deliver("entitlements.active_entitlement_summary.updated", now() - 10, unlisted)
			.expectStatus()
			.isOk();
		this.scenario.get("/api/check?feature=sso", token).expectStatus().isOk();
		this.scenario.get("/api/check?feature=export", token).expectStatus().isForbidden();

		this.scenario.subscriptionIs(SUBSCRIPTION, CUSTOMER, "canceled", BASIC, now());
		this.scenario.get("/api/check?feature=sso", token)
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("subscription_inactive");
	}

	@Test
	void anInstanceStartsWithoutTierVariablesAndTakesItsTiersFromTheCatalog(CapturedOutput output) {
		StripeApiFake.catalogIs(List.of(TEAM), List.of(TEAM_MONTHLY));
		try (ConfigurableApplicationContext bare = SecondInstance.start("--xsen.tiers.basic.prices=",
				"--xsen.tiers.premium.prices=", "--xsen.catalog.sync-on-start=true",
				"--logging.level.io.xsen.orchestrator.subscription.TierCatalog=info")) {
			RestTestClient bareClient = SecondInstance.client(bare);
			SignedWebhooks.deliver(bareClient,
					StripeFixtures.event(
							"evt_TCatalogBare1", "customer.subscription.created", now() - 30, StripeFixtures
								.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_team_monthly", inDays(30)),
							StripeFixtures.CURRENT_API_VERSION))
				.expectStatus()
				.isOk();
			String token = this.scenario.tokenFor(CUSTOMER);

			assertThat(json(get(bareClient, "/api/subscription", token)).path("tier").stringValue()).isEqualTo("team");
			get(bareClient, "/api/chat", token).expectStatus().isOk();
			assertThat(output).contains("Tiers: team (rank 3, from Stripe product prod_TTeam)");
		}
	}

	@Test
	void anOperatorSyncReadsTheWholeCatalog() {
		StripeApiFake.catalogIs(List.of(TEAM), List.of(TEAM_MONTHLY));

		JsonNode result = json(this.client.post()
			.uri("/admin/catalog/sync")
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isOk());

		assertThat(result.path("products").asInt()).isEqualTo(1);
		assertThat(result.path("prices").asInt()).isEqualTo(1);
		assertThat(result.path("tiers").values()).extracting(JsonNode::stringValue)
			.containsExactly("basic", "premium", "team");
		this.client.post().uri("/admin/catalog/sync").exchange().expectStatus().isUnauthorized();
	}

	private static RestTestClient.ResponseSpec get(RestTestClient client, String path, String token) {
		return client.get().uri(path).header("Authorization", "Bearer " + token).exchange();
	}

	// The team product and its monthly price by webhook, then a subscription on that
	// price created the given seconds ago; the customer's token.
	private String teamSubscriber(long createdSecondsAgo) {
		this.scenario.deliver("product.created", now() - 60, TEAM).expectStatus().isOk();
		this.scenario.deliver("price.created", now() - 60, TEAM_MONTHLY).expectStatus().isOk();
		this.scenario
			.deliver("customer.subscription.created", now() - createdSecondsAgo,
					StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_team_monthly", inDays(30)))
			.expectStatus()
			.isOk();
		return this.scenario.tokenFor(CUSTOMER);
	}

}
