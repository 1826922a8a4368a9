package io.xsen.orchestrator.subscription;

import java.time.Duration;
import java.time.Instant;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.PREMIUM;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscription of several items (Stripe's flexible billing mode) is billed on the item
 * whose price buys the tier: its period is what quotas, {@code /api/usage} and the
 * token's expiry follow, whatever the other items' periods; and an item of quantity 0
 * buys nothing.
 */
@IntegrationTest
@CleanSlate
class SubscriptionItemsIntegrationTests {

	private static final String CUSTOMER = "cus_TItemsPeriod3Kq8";

	private static final String SUBSCRIPTION = "sub_1TItemsPeriodW7n2Xq";

	private static final String ADD_ON = "price_addon_storage_yearly";

	private static final Duration GRACE = Duration.ofDays(3);

	private static final long DAY = 86_400L;

	@Autowired
	private AccessScenario scenario;

	@Autowired
	private DatabaseRows rows;

	@Test
	void aMonthlyPlanWithAYearlyAddOnIsBilledOnTheMonthlyPlansPeriod() {
		long monthEnd = inDays(29);
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", BASIC, monthEnd);
		addItem(subscription, ADD_ON, 1, monthEnd - 30 * DAY, monthEnd - 30 * DAY + 365 * DAY);

		this.scenario.deliver("customer.subscription.created", now() - 60, subscription).expectStatus().isOk();
		String token = this.scenario.tokenFor(CUSTOMER);

		JsonNode usage = json(this.scenario.get("/api/usage", token).expectStatus().isOk());
		assertThat(Instant.parse(usage.path("period_start").stringValue()))
			.isEqualTo(Instant.ofEpochSecond(monthEnd - 30 * DAY));
		assertThat(Instant.parse(usage.path("period_end").stringValue())).isEqualTo(Instant.ofEpochSecond(monthEnd));
		assertThat(tokenExpiresAt(token)).isEqualTo(Instant.ofEpochSecond(monthEnd).plus(GRACE));
		JsonNode shown = json(this.scenario.get("/api/subscription", token).expectStatus().isOk());
		assertThat(shown.path("tier").stringValue()).isEqualTo("basic");
		assertThat(Instant.parse(shown.path("current_period_end").stringValue()))
			.isEqualTo(Instant.ofEpochSecond(monthEnd));
	}

	@Test
	void theAddOnsRenewalMovesNothingAndThePlansRenewalMovesThePeriod() {
		long monthEnd = inDays(29);
		long addOnStart = monthEnd - 30 * DAY;
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", BASIC, monthEnd);
		ObjectNode addOn = addItem(subscription, ADD_ON, 1, addOnStart, addOnStart + 365 * DAY);
		this.scenario.deliver("customer.subscription.created", now() - 60, subscription).expectStatus().isOk();
		String token = this.scenario.tokenFor(CUSTOMER);

		addOn.put("current_period_end", addOnStart + 730 * DAY);
		this.scenario.deliver("customer.subscription.updated", now() - 30, subscription).expectStatus().isOk();

		assertThat(Instant.parse(json(this.scenario.get("/api/usage", token)).path("period_end").stringValue()))
			.isEqualTo(Instant.ofEpochSecond(monthEnd));
		assertThat(tokenExpiresAt(token)).isEqualTo(Instant.ofEpochSecond(monthEnd).plus(GRACE));

		ObjectNode plan = (ObjectNode) subscription.path("items").path("data").get(0);
		plan.put("current_period_start", monthEnd).put("current_period_end", monthEnd + 30 * DAY);
		this.scenario.deliver("customer.subscription.updated", now(), subscription).expectStatus().isOk();

		JsonNode usage = json(this.scenario.get("/api/usage", token));
		assertThat(Instant.parse(usage.path("period_start").stringValue())).isEqualTo(Instant.ofEpochSecond(monthEnd));
		assertThat(Instant.parse(usage.path("period_end").stringValue()))
			.isEqualTo(Instant.ofEpochSecond(monthEnd + 30 * DAY));
		assertThat(tokenExpiresAt(token)).isEqualTo(Instant.ofEpochSecond(monthEnd + 30 * DAY).plus(GRACE));
	}

	@Test
	void aPremiumItemOfQuantityZeroBesideABasicItemGrantsBasic() {
		long monthEnd = inDays(29);
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", BASIC, monthEnd);
		addItem(subscription, PREMIUM, 0, monthEnd - 30 * DAY, monthEnd);

		this.scenario.deliver("customer.subscription.created", now() - 60, subscription).expectStatus().isOk();
		String token = this.scenario.tokenFor(CUSTOMER);

		this.scenario.get("/api/chat", token).expectStatus().isOk();
		this.scenario.get("/api/chat/premium", token)
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("tier_required")
			.jsonPath("$.current_tier")
			.isEqualTo("basic");
		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("tier", "basic")
			.containsEntry("price_id", BASIC);
	}

	@Test
	void aPremiumItemAloneAtQuantityZeroGrantsNothingAndAtQuantityOneGrantsPremium() {
		long monthEnd = inDays(29);
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", PREMIUM, monthEnd);
		ObjectNode item = (ObjectNode) subscription.path("items").path("data").get(0);
		item.put("quantity", 0);
		this.scenario.deliver("customer.subscription.created", now() - 60, subscription).expectStatus().isOk();

		assertThat(this.rows.subscription(SUBSCRIPTION).get("tier")).isNull();

		item.put("quantity", 1);
		this.scenario.deliver("customer.subscription.updated", now(), subscription).expectStatus().isOk();

		this.scenario.get("/api/chat/premium", this.scenario.tokenFor(CUSTOMER)).expectStatus().isOk();
	}

	@Test
	void aMeteredItemWithoutAQuantityCounts() {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", PREMIUM, inDays(29));
		ObjectNode item = (ObjectNode) subscription.path("items").path("data").get(0);
		item.remove("quantity");
		((ObjectNode) item.path("price").path("recurring")).put("usage_type", "metered");

		this.scenario.deliver("customer.subscription.created", now(), subscription).expectStatus().isOk();

		this.scenario.get("/api/chat/premium", this.scenario.tokenFor(CUSTOMER)).expectStatus().isOk();
	}

	// An item shaped like Stripe's own example, on its own price and period.
	private static ObjectNode addItem(ObjectNode subscription, String price, long quantity, long periodStart,
			long periodEnd) {
		ObjectNode item = StripeFixtures.load("subscription_item");
		item.put("id", "si_" + price.substring("price_".length()).replace("_", ""));
		item.put("subscription", subscription.path("id").stringValue());
		((ObjectNode) item.path("price")).put("id", price);
		((ObjectNode) item.path("plan")).put("id", price);
		item.put("quantity", quantity);
		item.put("current_period_start", periodStart);
		item.put("current_period_end", periodEnd);
		((ArrayNode) subscription.path("items").path("data")).add(item);
		return item;
	}

	private Instant tokenExpiresAt(String token) {
		return Instant
			.parse(json(this.scenario.get("/api/subscription", token).expectStatus().isOk()).path("token_expires_at")
				.stringValue());
	}

}
