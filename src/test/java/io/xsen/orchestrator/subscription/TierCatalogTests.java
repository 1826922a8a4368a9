package io.xsen.orchestrator.subscription;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.xsen.orchestrator.subscription.TierProperties.TierDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which tier a Stripe price buys, how tiers rank, and which tier settings the service
 * refuses to start with.
 */
class TierCatalogTests {

	private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

	private final TierCatalog catalog = new TierCatalog(new TierProperties(
			Map.of("basic", new TierDefinition(1, List.of("price_basic_monthly", "price_basic_yearly")), "premium",
					new TierDefinition(2, List.of("price_premium_monthly")), "team",
					new TierDefinition(3, List.of("plan_team_legacy")))));

	@Test
	void eachConfiguredPriceBuysItsTier() {
		assertThat(this.catalog.tierForPrice("price_basic_monthly")).contains("basic");
		assertThat(this.catalog.tierForPrice("price_basic_yearly")).contains("basic");
		assertThat(this.catalog.tierForPrice("price_premium_monthly")).contains("premium");
		assertThat(this.catalog.tierForPrice("plan_team_legacy")).contains("team");
	}

	@Test
	void anUnknownOrMissingPriceBuysNoTier() {
		assertThat(this.catalog.tierForPrice("price_someone_elses")).isEmpty();
		assertThat(this.catalog.tierForPrice(null)).isEmpty();
	}

	@Test
	void tiersRankByTheirConfiguredRankAndAnythingElseRanksZero() {
		assertThat(this.catalog.tiersAscending()).containsExactly("basic", "premium", "team");
		assertThat(this.catalog.rank("basic")).isEqualTo(1);
		assertThat(this.catalog.rank("team")).isEqualTo(3);
		assertThat(this.catalog.rank("gold")).isZero();
		assertThat(this.catalog.rank(null)).isZero();
		assertThat(this.catalog.isTier("premium")).isTrue();
		assertThat(this.catalog.isTier("gold")).isFalse();
	}

	@Test
	void theTierItemIsTheOneBuyingTheHighestTier() {
		assertThat(this.catalog.tierItem(
				List.of(item("price_basic_monthly", 1), item("plan_team_legacy", 1), item("price_premium_monthly", 1))))
			.isEqualTo(item("plan_team_legacy", 1));
		assertThat(this.catalog.tierItem(List.of(item("price_unknown", 1), item("price_basic_yearly", 1))))
			.isEqualTo(item("price_basic_yearly", 1));
		assertThat(this.catalog.tierItem(List.of(item("price_unknown_a", 1), item("price_unknown_b", 1)))).isNull();
		assertThat(this.catalog.tierItem(List.of())).isNull();
	}

	@Test
	void anItemOfQuantityZeroBuysNothing() {
		assertThat(this.catalog.tierItem(List.of(item("price_premium_monthly", 0), item("price_basic_monthly", 1))))
			.isEqualTo(item("price_basic_monthly", 1));
		assertThat(this.catalog.tierItem(List.of(item("price_premium_monthly", 0)))).isNull();
		assertThat(this.catalog.tierItem(List.of(item("price_premium_monthly", 3))))
			.isEqualTo(item("price_premium_monthly", 3));
	}

	@Test
	void ofTwoItemsBuyingTheSameTierTheOneWhosePeriodEndsFirstIsTheTierItem() {
		SubscriptionItem monthly = new SubscriptionItem("price_basic_monthly", 1, T, T.plus(30, ChronoUnit.DAYS));
		SubscriptionItem yearly = new SubscriptionItem("price_basic_yearly", 1, T, T.plus(365, ChronoUnit.DAYS));

		assertThat(this.catalog.tierItem(List.of(monthly, yearly))).isEqualTo(monthly);
		assertThat(this.catalog.tierItem(List.of(yearly, monthly))).isEqualTo(monthly);
	}

	@Test
	void ofTwoItemsBuyingTheSameTierWithoutTheirOwnPeriodsTheFirstInStripesOrderIsTheTierItem() {
		SubscriptionItem first = item("price_basic_monthly", 1);
		SubscriptionItem second = item("price_basic_yearly", 1);

		assertThat(this.catalog.tierItem(List.of(first, second))).isEqualTo(first);
		assertThat(this.catalog.tierItem(List.of(second, first))).isEqualTo(second);
	}

	private static SubscriptionItem item(String price, long quantity) {
		return new SubscriptionItem(price, quantity, null, null);
	}

	@Test
	void pricesAreTrimmedAndBlankOnesDropped() {
		assertThat(new TierDefinition(1, List.of(" price_a ", "", "  ")).prices()).containsExactly("price_a");
		assertThat(new TierDefinition(1, null).prices()).isEmpty();
	}

	@Test
	void noTiersAtAllIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TierProperties(Map.of()))
			.withMessage("No subscription tiers configured: set STRIPE_PRICE_BASIC and STRIPE_PRICE_PREMIUM");
		assertThatIllegalArgumentException().isThrownBy(() -> new TierProperties(null))
			.withMessageStartingWith("No subscription tiers configured");
	}

	@Test
	void aTierWithoutPricesNamesTheVariableToSet() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TierProperties(Map.of("premium", new TierDefinition(2, List.of()))))
			.withMessage("No Stripe price configured for tier 'premium': set STRIPE_PRICE_PREMIUM"
					+ " to one or more comma-separated price ids (price_...)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TierProperties(Map.of("gold", new TierDefinition(3, List.of(" ")))))
			.withMessageContaining("tier 'gold': set XSEN_TIERS_GOLD_PRICES");
	}

	@Test
	void aPriceThatIsNoStripePriceIdIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TierProperties(Map.of("basic", new TierDefinition(1, List.of("prod_basic")))))
			.withMessage("STRIPE_PRICE_BASIC holds 'prod_basic', which is not a Stripe price id (price_...)");
	}

	@Test
	void onePriceForTwoTiersIsRefused() {
		Map<String, TierDefinition> tiers = new LinkedHashMap<>();
		tiers.put("basic", new TierDefinition(1, List.of("price_shared")));
		tiers.put("premium", new TierDefinition(2, List.of("price_shared")));
		assertThatIllegalArgumentException().isThrownBy(() -> new TierProperties(tiers))
			.withMessage("Stripe price price_shared is configured for both tier 'basic' and tier 'premium'");
	}

	@Test
	void twoTiersSharingARankAreRefused() {
		Map<String, TierDefinition> tiers = new LinkedHashMap<>();
		tiers.put("basic", new TierDefinition(1, List.of("price_basic")));
		tiers.put("premium", new TierDefinition(1, List.of("price_premium")));
		assertThatIllegalArgumentException().isThrownBy(() -> new TierProperties(tiers))
			.withMessage("Tiers 'basic' and 'premium' share rank 1; each tier needs its own rank");
	}

}
