package io.xsen.orchestrator.checkout;

import java.util.Optional;

import io.xsen.orchestrator.catalog.CatalogPrice;
import io.xsen.orchestrator.catalog.CatalogProduct;
import io.xsen.orchestrator.catalog.CatalogSnapshot;
import io.xsen.orchestrator.catalog.StripeCatalog;
import io.xsen.orchestrator.subscription.TierCatalog;

import org.springframework.stereotype.Component;

/**
 * Finds the catalog price a chatbot names, by lookup key or price id, among those that
 * can be sold.
 */
@Component
class PlanPrices {

	private final StripeCatalog catalog;

	private final TierCatalog tiers;

	PlanPrices(StripeCatalog catalog, TierCatalog tiers) {
		this.catalog = catalog;
		this.tiers = tiers;
	}

	/**
	 * The price with this id, else the offered price with this lookup key.
	 * @throws UnknownPrice when neither is an active price of an active product that
	 * grants a tier
	 */
	PlanPrice find(String price) {
		// As the database holds it now: a price another instance learned a moment ago
		// sells too.
		CatalogSnapshot snapshot = this.catalog.fresh();
		CatalogPrice found = snapshot.price(price)
			.or(() -> snapshot.prices()
				.values()
				.stream()
				.filter(candidate -> price.equals(candidate.lookupKey()) && candidate.offered())
				.findFirst())
			.filter(CatalogPrice::offered)
			.orElseThrow(() -> new UnknownPrice(price));
		CatalogProduct product = snapshot.productOf(found.id())
			.filter(CatalogProduct::offered)
			.orElseThrow(() -> new UnknownPrice(price));
		Optional<String> tier = this.tiers.tierForPrice(found.id());
		if (tier.isEmpty() || this.tiers.isAddOn(found.id())) {
			throw new UnknownPrice(price);
		}
		return new PlanPrice(found.id(), product.name(), tier.get(),
				PlanPrice.PER_UNIT.equals(product.metadata(PlanPrice.SEATS)));
	}

}
