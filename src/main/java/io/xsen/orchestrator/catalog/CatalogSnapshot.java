package io.xsen.orchestrator.catalog;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The whole catalog at one revision, as every instance holds it in memory.
 */
public record CatalogSnapshot(long revision, Map<String, CatalogProduct> products, Map<String, CatalogPrice> prices) {

	/** No catalog: what an instance holds until it could first read the database. */
	public static final CatalogSnapshot EMPTY_CATALOG = new CatalogSnapshot(-1, Map.of(), Map.of());

	public CatalogSnapshot {
		products = Map.copyOf(products);
		prices = Map.copyOf(prices);
	}

	static CatalogSnapshot of(long revision, Collection<CatalogProduct> products, Collection<CatalogPrice> prices) {
		return new CatalogSnapshot(revision,
				products.stream().collect(Collectors.toMap(CatalogProduct::id, Function.identity())),
				prices.stream().collect(Collectors.toMap(CatalogPrice::id, Function.identity())));
	}

	public Optional<CatalogPrice> price(String priceId) {
		return Optional.ofNullable(this.prices.get(priceId));
	}

	/** The product a price belongs to, when the catalog holds both. */
	public Optional<CatalogProduct> productOf(String priceId) {
		return price(priceId).map(price -> this.products.get(price.productId()));
	}

	/** Products by name, then id, for pages and logs. */
	public List<CatalogProduct> productsInOrder() {
		return this.products.values()
			.stream()
			.sorted(Comparator.comparing((CatalogProduct product) -> String.valueOf(product.name()))
				.thenComparing(CatalogProduct::id))
			.toList();
	}

	/** The product's prices, offered first, then by currency and amount. */
	public List<CatalogPrice> pricesOf(String productId) {
		return this.prices.values()
			.stream()
			.filter(price -> price.productId().equals(productId))
			.sorted(Comparator.comparing((CatalogPrice price) -> !price.offered())
				.thenComparing(price -> String.valueOf(price.currency()))
				.thenComparing(price -> (price.unitAmount() != null) ? price.unitAmount() : Long.MAX_VALUE)
				.thenComparing(CatalogPrice::id))
			.toList();
	}

}
