package io.xsen.orchestrator.subscription;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The subscription tiers set by variables and the Stripe prices that buy each, bound from
 * {@code xsen.tiers.<name>}; all optional, since Stripe's catalog defines tiers too.
 *
 * <p>
 * basic and premium read {@code STRIPE_PRICE_BASIC} and {@code STRIPE_PRICE_PREMIUM};
 * another tier is added with {@code XSEN_TIERS_<NAME>_RANK} and
 * {@code XSEN_TIERS_<NAME>_PRICES}. A higher rank includes every lower one. A tier
 * without prices is left to the catalog.
 */
@ConfigurationProperties("xsen")
record TierProperties(Map<String, TierDefinition> tiers) {

	public TierProperties {
		Map<String, TierDefinition> priced = new LinkedHashMap<>();
		Map<String, String> tierByPrice = new HashMap<>();
		Map<Integer, String> tierByRank = new HashMap<>();
		((tiers != null) ? tiers : Map.<String, TierDefinition>of()).forEach((name, tier) -> {
			if (tier.prices().isEmpty()) {
				return;
			}
			String variable = name.equals("basic") || name.equals("premium")
					? "STRIPE_PRICE_" + name.toUpperCase(Locale.ROOT)
					: "XSEN_TIERS_" + name.toUpperCase(Locale.ROOT) + "_PRICES";
			for (String price : tier.prices()) {
				if (!price.startsWith("price_") && !price.startsWith("plan_")) {
					throw new IllegalArgumentException(
							variable + " holds '" + price + "', which is not a Stripe price id (price_...)");
				}
				String other = tierByPrice.put(price, name);
				if (other != null) {
					throw new IllegalArgumentException("Stripe price " + price + " is configured for both tier '"
							+ other + "' and tier '" + name + "'");
				}
			}
			String sameRank = tierByRank.put(tier.rank(), name);
			if (sameRank != null) {
				throw new IllegalArgumentException("Tiers '" + sameRank + "' and '" + name + "' share rank "
						+ tier.rank() + "; each tier needs its own rank");
			}
			priced.put(name, tier);
		});
		tiers = Map.copyOf(priced);
	}

	/**
	 * One tier: its place in the hierarchy and the Stripe prices that grant it.
	 */
	public record TierDefinition(int rank, List<String> prices) {

		public TierDefinition {
			prices = (prices != null) ? prices.stream().map(String::trim).filter(p -> !p.isEmpty()).toList()
					: List.of();
		}

	}

}
