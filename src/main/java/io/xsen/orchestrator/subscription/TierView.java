package io.xsen.orchestrator.subscription;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.xsen.orchestrator.catalog.CatalogPrice;
import io.xsen.orchestrator.catalog.CatalogProduct;
import io.xsen.orchestrator.catalog.CatalogSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * The tiers of one catalog revision merged with the tier variables: which tier each price
 * buys, each tier's rank and limits from product metadata, the add-on messages each price
 * adds, and the conflicts an operator should fix. Variables win where they are set.
 */
final class TierView {

	static final String UNLIMITED = "unlimited";

	private final CatalogSnapshot catalog;

	private final Map<String, String> tierByPrice = new HashMap<>();

	private final Map<String, Integer> rankByTier = new HashMap<>();

	private final Map<String, Long> extraMessagesByPrice = new HashMap<>();

	private final Map<String, CatalogProduct> limitsProductByTier = new HashMap<>();

	private final Map<String, String> sourceByTier = new LinkedHashMap<>();

	private final List<String> conflicts = new ArrayList<>();

	private final List<String> tiersAscending;

	TierView(TierProperties variables, CatalogSnapshot catalog) {
		this.catalog = catalog;
		variables.tiers().forEach((tier, definition) -> {
			this.rankByTier.put(tier, definition.rank());
			definition.prices().forEach(price -> this.tierByPrice.put(price, tier));
			this.sourceByTier.put(tier, "variables");
		});
		Map<String, List<RankedProduct>> productsByTier = new TreeMap<>();
		for (CatalogProduct product : catalog.productsInOrder()) {
			String tier = product.metadata(CatalogProduct.TIER);
			String extra = product.metadata(CatalogProduct.EXTRA_MESSAGES);
			if (tier != null) {
				if (extra != null) {
					this.conflicts.add("Product " + product.id() + " has both " + CatalogProduct.TIER + " and "
							+ CatalogProduct.EXTRA_MESSAGES + ": it grants tier '" + tier + "', no add-on messages");
				}
				productsByTier.computeIfAbsent(tier, name -> new ArrayList<>())
					.add(new RankedProduct(product, rank(product, !variables.tiers().containsKey(tier))));
				checkLimit(product, CatalogProduct.MESSAGES_PER_PERIOD);
				checkLimit(product, CatalogProduct.REQUESTS_PER_MINUTE);
			}
			else if (extra != null) {
				Long messages = wholeNumber(extra);
				if (messages == null) {
					this.conflicts.add("Product " + product.id() + " has " + CatalogProduct.EXTRA_MESSAGES + " '"
							+ extra + "', not a whole number: it adds no messages");
				}
				else {
					catalog.pricesOf(product.id())
						.forEach(price -> this.extraMessagesByPrice.put(price.id(), messages));
				}
			}
		}
		productsByTier.forEach((tier, products) -> {
			products.sort(Comparator.comparingInt(RankedProduct::rank)
				.thenComparing(ranked -> !ranked.product().offered())
				.thenComparing(ranked -> ranked.product().id()));
			RankedProduct lowest = products.get(0);
			this.limitsProductByTier.put(tier, lowest.product());
			if (!this.rankByTier.containsKey(tier)) {
				this.rankByTier.put(tier, lowest.rank());
				this.sourceByTier.put(tier, "Stripe product " + lowest.product().id());
				if (products.stream().anyMatch(ranked -> ranked.rank() != lowest.rank())) {
					this.conflicts.add("Tier '" + tier + "' has different ranks on products "
							+ products.stream()
								.map(ranked -> ranked.product().id() + " (" + ranked.rank() + ")")
								.collect(Collectors.joining(", "))
							+ ": rank " + lowest.rank() + " is used");
				}
			}
			for (RankedProduct ranked : products) {
				for (CatalogPrice price : catalog.pricesOf(ranked.product().id())) {
					this.tierByPrice.putIfAbsent(price.id(), tier);
				}
			}
		});
		Map<Integer, List<String>> tiersByRank = new TreeMap<>();
		this.rankByTier.forEach((tier, rank) -> tiersByRank.computeIfAbsent(rank, r -> new ArrayList<>()).add(tier));
		tiersByRank.forEach((rank, tiers) -> {
			if (tiers.size() > 1) {
				this.conflicts
					.add("Tiers " + tiers.stream().sorted().map(t -> "'" + t + "'").collect(Collectors.joining(" and "))
							+ " share rank " + rank + ": neither includes the other");
			}
		});
		this.tiersAscending = this.rankByTier.keySet()
			.stream()
			.sorted(Comparator.comparingInt((String tier) -> this.rankByTier.get(tier)).thenComparing(tier -> tier))
			.toList();
	}

	CatalogSnapshot catalog() {
		return this.catalog;
	}

	Optional<String> tierForPrice(@Nullable String priceId) {
		return Optional.ofNullable((priceId != null) ? this.tierByPrice.get(priceId) : null);
	}

	List<String> tiersAscending() {
		return this.tiersAscending;
	}

	int rank(@Nullable String tier) {
		return (tier != null) ? this.rankByTier.getOrDefault(tier, 0) : 0;
	}

	boolean isTier(String name) {
		return this.rankByTier.containsKey(name);
	}

	long extraMessages(String priceId) {
		return this.extraMessagesByPrice.getOrDefault(priceId, 0L);
	}

	boolean isAddOn(String priceId) {
		return this.extraMessagesByPrice.containsKey(priceId);
	}

	List<String> conflicts() {
		return this.conflicts;
	}

	/** Where each tier comes from, lowest rank first, for the log. */
	String describe() {
		return this.tiersAscending.stream()
			.map(tier -> tier + " (rank " + rank(tier) + ", from " + this.sourceByTier.get(tier) + ")")
			.collect(Collectors.joining(", "));
	}

	/**
	 * The tier's limit as the metadata of its product says it, {@code unlimited} or a
	 * whole number; {@code null} when no product says it.
	 */
	@Nullable String catalogLimit(@Nullable String tier, String key) {
		CatalogProduct product = (tier != null) ? this.limitsProductByTier.get(tier) : null;
		String value = (product != null) ? product.metadata(key) : null;
		return (value != null && validLimit(value)) ? value : null;
	}

	private void checkLimit(CatalogProduct product, String key) {
		String value = product.metadata(key);
		if (value != null && !validLimit(value)) {
			this.conflicts.add("Product " + product.id() + " has " + key + " '" + value
					+ "', neither a whole number nor unlimited: ignored");
		}
	}

	// A tier the variables rank needs no rank on its products.
	private int rank(CatalogProduct product, boolean needed) {
		String rank = product.metadata(CatalogProduct.RANK);
		Long value = (rank != null) ? wholeNumber(rank) : null;
		if (value == null || value < 1) {
			if (needed) {
				this.conflicts.add("Product " + product.id() + " has " + CatalogProduct.RANK + " '" + rank
						+ "', not a whole number from 1: ranked 1");
			}
			return 1;
		}
		return value.intValue();
	}

	private static boolean validLimit(String value) {
		return value.equalsIgnoreCase(UNLIMITED) || wholeNumber(value) != null;
	}

	private static @Nullable Long wholeNumber(String value) {
		try {
			long number = Long.parseLong(value.trim());
			return (number >= 0 && number <= Integer.MAX_VALUE) ? number : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private record RankedProduct(CatalogProduct product, int rank) {
	}

}
