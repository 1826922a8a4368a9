package io.xsen.orchestrator.ops;

import java.util.List;

import io.xsen.orchestrator.billing.CatalogRead;
import io.xsen.orchestrator.billing.StripeApiUnavailable;
import io.xsen.orchestrator.billing.StripeBilling;
import io.xsen.orchestrator.billing.StripeObjectUnreadable;
import io.xsen.orchestrator.billing.StripeRequestRejected;
import io.xsen.orchestrator.catalog.CatalogProperties;
import io.xsen.orchestrator.catalog.StripeCatalog;
import io.xsen.orchestrator.subscription.TierCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Reads Stripe's whole catalog into PostgreSQL: when an instance starts and when an
 * operator asks (console button, {@code POST /admin/catalog/sync}). Webhooks keep it
 * current in between.
 */
@Service
public class CatalogSync {

	private static final Logger logger = LoggerFactory.getLogger(CatalogSync.class);

	private final StripeBilling billing;

	private final StripeCatalog catalog;

	private final TierCatalog tiers;

	private final CatalogProperties properties;

	CatalogSync(StripeBilling billing, StripeCatalog catalog, TierCatalog tiers, CatalogProperties properties) {
		this.billing = billing;
		this.catalog = catalog;
		this.tiers = tiers;
		this.properties = properties;
	}

	/**
	 * Reads every product and price from Stripe (Stripe is called outside any
	 * transaction) and stores what is newer than what XSEN holds.
	 * @throws StripeApiUnavailable when Stripe cannot answer now
	 */
	public Result sync() {
		CatalogRead read = this.billing.listCatalog();
		int changed = this.catalog.replaceAll(read.products(), read.prices(), read.featuresByProduct(), read.readAt(),
				"sync_" + read.readAt().getEpochSecond());
		this.catalog.refresh();
		logger.info("Catalog synced from Stripe: {} products, {} prices, {} changed", read.products().size(),
				read.prices().size(), changed);
		return new Result(read.products().size(), read.prices().size(), changed, this.tiers.tiersAscending(),
				this.tiers.conflicts());
	}

	// The catalog stored before serves while Stripe cannot be read; the start goes on.
	@EventListener(ApplicationReadyEvent.class)
	void syncOnStart() {
		if (this.properties.syncOnStart()) {
			try {
				sync();
			}
			catch (StripeApiUnavailable | StripeRequestRejected | StripeObjectUnreadable | DataAccessException ex) {
				logger.warn("Catalog not read from Stripe at start ({}); the catalog stored before is used",
						ex.getMessage());
			}
		}
		// Says which tiers this instance found.
		this.tiers.tiersAscending();
	}

	/**
	 * What a sync read and what it made of it.
	 *
	 * @param changed products and prices stored anew
	 * @param tiers the tiers now, lowest rank first
	 * @param conflicts what the operator should fix in the catalog
	 */
	public record Result(int products, int prices, int changed, List<String> tiers, List<String> conflicts) {
	}

}
