package io.xsen.orchestrator.subscription;

import java.util.List;
import java.util.Map;

import io.xsen.orchestrator.catalog.CatalogChanged;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the subscriptions that hold a changed product's prices the tier and add-on
 * messages the catalog now says, in the transaction that changed it; the row's change
 * reaches every instance's token cache like any other.
 */
@Component
class CatalogTiering {

	private static final Logger logger = LoggerFactory.getLogger(CatalogTiering.class);

	private final SubscriptionRepository subscriptions;

	private final TierCatalog tiers;

	CatalogTiering(SubscriptionRepository subscriptions, TierCatalog tiers) {
		this.subscriptions = subscriptions;
		this.tiers = tiers;
	}

	@EventListener
	void catalogChanged(CatalogChanged change) {
		if (change.priceIds().isEmpty()) {
			return;
		}
		TierView view = this.tiers.freshView();
		int changed = 0;
		for (Map.Entry<String, List<SubscriptionItem>> held : this.subscriptions.itemsHolding(change.priceIds())
			.entrySet()) {
			SubscriptionItem tierItem = TierCatalog.tierItem(view, held.getValue());
			@Nullable String tier = (tierItem != null) ? view.tierForPrice(tierItem.priceId()).orElse(null) : null;
			if (this.subscriptions.retier(held.getKey(), tier, (tierItem != null) ? tierItem.priceId() : null,
					TierCatalog.extraMessages(view, held.getValue()))) {
				changed++;
			}
		}
		if (changed > 0) {
			logger.info("Catalog change applied to {} subscriptions", changed);
		}
	}

}
