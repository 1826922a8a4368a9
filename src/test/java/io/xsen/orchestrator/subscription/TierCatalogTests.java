package io.xsen.orchestrator.subscription;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.xsen.orchestrator.catalog.CatalogPrice;
import io.xsen.orchestrator.catalog.CatalogProduct;
import io.xsen.orchestrator.catalog.CatalogSnapshot;
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

	private static final TierProperties VARIABLES = new TierProperties(
			Map.of("basic", new TierDefinition(1, List.of("price_basic_monthly", "price_basic_yearly")), "premium",
					new TierDefinition(2, List.of("price_premium_monthly")), "team",
					new TierDefinition(3, List.of("plan_team_legacy"))));

	private final TierView catalog = new TierView(VARIABLES, CatalogSnapshot.EMPTY_CATALOG);

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
		assertThat(TierCatalog.tierItem(this.catalog,
				List.of(item("price_basic_monthly", 1), item("plan_team_legacy", 1), item("price_premium_monthly", 1))))
			.isEqualTo(item("plan_team_legacy", 1));
		assertThat(TierCatalog.tierItem(this.catalog, List.of(item("price_unknown", 1), item("price_basic_yearly", 1))))
			.isEqualTo(item("price_basic_yearly", 1));
		assertThat(TierCatalog.tierItem(this.catalog, List.of(item("price_unknown_a", 1), item("price_unknown_b", 1))))
			.isNull();
		assertThat(TierCatalog.tierItem(this.catalog, List.of())).isNull();
	}

	@Test
	void anItemOfQuantityZeroBuysNothing() {
		assertThat(TierCatalog.tierItem(this.catalog,
				List.of(item("price_premium_monthly", 0), item("price_basic_monthly", 1))))
			.isEqualTo(item("price_basic_monthly", 1));
		assertThat(TierCatalog.tierItem(this.catalog, List.of(item("price_premium_monthly", 0)))).isNull();
		assertThat(TierCatalog.tierItem(this.catalog, List.of(item("price_premium_monthly", 3))))
			.isEqualTo(item("price_premium_monthly", 3));
	}

	@Test
	void ofTwoItemsBuyingTheSameTierTheOneWhosePeriodEndsFirstIsTheTierItem() {
		SubscriptionItem monthly = new SubscriptionItem("price_basic_monthly", 1, T, T.plus(30, ChronoUnit.DAYS));
		SubscriptionItem yearly = new SubscriptionItem("price_basic_yearly", 1, T, T.plus(365, ChronoUnit.DAYS));

		assertThat(TierCatalog.tierItem(this.catalog, List.of(monthly, yearly))).isEqualTo(monthly);
		assertThat(TierCatalog.tierItem(this.catalog, List.of(yearly, monthly))).isEqualTo(monthly);
	}

	@Test
	void ofTwoItemsBuyingTheSameTierWithoutTheirOwnPeriodsTheFirstInStripesOrderIsTheTierItem() {
		SubscriptionItem first = item("price_basic_monthly", 1);
		SubscriptionItem second = item("price_basic_yearly", 1);

		assertThat(TierCatalog.tierItem(this.catalog, List.of(first, second))).isEqualTo(first);
		assertThat(TierCatalog.tierItem(this.catalog, List.of(second, first))).isEqualTo(second);
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
	void withoutTierVariablesTheCatalogAloneDefinesTheTiers() {
		TierView tiers = new TierView(new TierProperties(null),
				catalog(product("prod_starter", Map.of("xsen_tier", "starter", "xsen_rank", "1")),
						product("prod_pro",
								Map.of("xsen_tier", "pro", "xsen_rank", "2", "xsen_messages_per_period", "5000")),
						price("price_starter_monthly", "prod_starter"), price("price_starter_yearly", "prod_starter"),
						price("price_pro_eur", "prod_pro")));

		assertThat(tiers.tiersAscending()).containsExactly("starter", "pro");
		assertThat(tiers.tierForPrice("price_starter_yearly")).contains("starter");
		assertThat(tiers.tierForPrice("price_pro_eur")).contains("pro");
		assertThat(tiers.catalogLimit("pro", "xsen_messages_per_period")).isEqualTo("5000");
		assertThat(tiers.catalogLimit("pro", "xsen_requests_per_minute")).isNull();
		assertThat(tiers.conflicts()).isEmpty();
	}

	@Test
	void aTierVariableWinsOverTheCatalogForItsPricesAndRank() {
		TierView tiers = new TierView(VARIABLES,
				catalog(product("prod_basic", Map.of("xsen_tier", "basic", "xsen_rank", "7")),
						product("prod_other", Map.of("xsen_tier", "premium", "xsen_rank", "2")),
						price("price_basic_monthly", "prod_other"), price("price_basic_eur", "prod_basic")));

		assertThat(tiers.tierForPrice("price_basic_monthly")).contains("basic");
		assertThat(tiers.tierForPrice("price_basic_eur")).contains("basic");
		assertThat(tiers.rank("basic")).isEqualTo(1);
	}

	@Test
	void oneTierWithTwoRanksUsesTheLowerAndIsFlagged() {
		TierView tiers = new TierView(new TierProperties(null),
				catalog(product("prod_a", Map.of("xsen_tier", "pro", "xsen_rank", "3")),
						product("prod_b", Map.of("xsen_tier", "pro", "xsen_rank", "2")),
						product("prod_c", Map.of("xsen_tier", "team", "xsen_rank", "2"))));

		assertThat(tiers.rank("pro")).isEqualTo(2);
		assertThat(tiers.conflicts()).containsExactly(
				"Tier 'pro' has different ranks on products prod_b (2), prod_a (3): rank 2 is used",
				"Tiers 'pro' and 'team' share rank 2: neither includes the other");
	}

	@Test
	void anAddOnAddsItsMessagesPerUnitOfQuantity() {
		TierView tiers = new TierView(VARIABLES,
				catalog(product("prod_pack", Map.of("xsen_extra_messages", "500")), price("price_pack", "prod_pack")));

		assertThat(TierCatalog.extraMessages(tiers, List.of(item("price_basic_monthly", 1), item("price_pack", 2))))
			.isEqualTo(1000);
		assertThat(TierCatalog.extraMessages(tiers, List.of(item("price_pack", 0)))).isZero();
		assertThat(tiers.tierForPrice("price_pack")).isEmpty();
	}

	@Test
	void unreadableMetadataIsFlaggedNotFatal() {
		TierView tiers = new TierView(new TierProperties(null),
				catalog(product("prod_a",
						Map.of("xsen_tier", "pro", "xsen_rank", "high", "xsen_requests_per_minute", "lots")),
						product("prod_b", Map.of("xsen_extra_messages", "many"))));

		assertThat(tiers.rank("pro")).isEqualTo(1);
		assertThat(tiers.catalogLimit("pro", "xsen_requests_per_minute")).isNull();
		assertThat(tiers.conflicts()).hasSize(3);
	}

	@Test
	void aTierWithoutPricesIsLeftToTheCatalog() {
		assertThat(new TierProperties(Map.of("premium", new TierDefinition(2, List.of()))).tiers()).isEmpty();
		assertThat(new TierProperties(null).tiers()).isEmpty();
	}

	private static CatalogSnapshot catalog(Object... rows) {
		Map<String, CatalogProduct> products = new LinkedHashMap<>();
		Map<String, CatalogPrice> prices = new LinkedHashMap<>();
		for (Object row : rows) {
			if (row instanceof CatalogProduct product) {
				products.put(product.id(), product);
			}
			else if (row instanceof CatalogPrice price) {
				prices.put(price.id(), price);
			}
		}
		return new CatalogSnapshot(1, products, prices);
	}

	private static CatalogProduct product(String id, Map<String, String> metadata) {
		return new CatalogProduct(id, id, true, false, metadata);
	}

	private static CatalogPrice price(String id, String productId) {
		return new CatalogPrice(id, productId, true, false, "usd", 1000L, "month", 1, null, null);
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
