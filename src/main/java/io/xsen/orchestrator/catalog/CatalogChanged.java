package io.xsen.orchestrator.catalog;

import java.util.Set;

/**
 * Announced inside the transaction that changed the catalog: subscriptions holding these
 * prices may now buy another tier, rank or add-on.
 */
public record CatalogChanged(Set<String> priceIds) {

	public CatalogChanged {
		priceIds = Set.copyOf(priceIds);
	}

}
