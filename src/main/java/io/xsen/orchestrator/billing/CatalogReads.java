package io.xsen.orchestrator.billing;

import java.util.LinkedHashSet;
import java.util.Set;

import io.xsen.orchestrator.catalog.CustomerFeatures;
import io.xsen.orchestrator.catalog.StripeCatalog;
import io.xsen.orchestrator.subscription.SubscriptionItem;
import io.xsen.orchestrator.subscription.SubscriptionSnapshot;
import io.xsen.orchestrator.subscription.TierCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Brings into the catalog what a subscription or a customer needs from Stripe before it
 * is recorded: a price the catalog lacks (with its product), read once and kept; a
 * customer's active entitlements.
 */
@Service
public class CatalogReads {

	private static final Logger logger = LoggerFactory.getLogger(CatalogReads.class);

	private final StripeBilling billing;

	private final StripeCatalog catalog;

	private final TierCatalog tiers;

	private final CustomerFeatures features;

	CatalogReads(StripeBilling billing, StripeCatalog catalog, TierCatalog tiers, CustomerFeatures features) {
		this.billing = billing;
		this.catalog = catalog;
		this.tiers = tiers;
		this.features = features;
	}

	/**
	 * Reads from Stripe, and keeps, each price of the subscription that neither a tier
	 * variable nor the catalog knows; never inside a transaction. A price Stripe says it
	 * does not have is left unknown: the subscription is kept without a tier, as before.
	 * @throws StripeApiUnavailable when Stripe cannot answer now: the caller answers so
	 * that Stripe retries, never guessing a tier
	 */
	public void keepUnknownPrices(SubscriptionSnapshot snapshot) {
		for (String priceId : unknownPrices(snapshot)) {
			try {
				PriceRead read = this.billing.retrievePrice(priceId);
				this.catalog.keepRead(read.price(), read.product(), read.readAt(), "read_" + priceId);
				logger.info("Stripe price {} of product {} read into the catalog for subscription {}", priceId,
						read.price().productId(), snapshot.subscriptionId());
			}
			catch (StripeRequestRejected ex) {
				logger.warn("Stripe price {} of subscription {} could not be read ({}): it grants no tier", priceId,
						snapshot.subscriptionId(), ex.getMessage());
			}
		}
	}

	/**
	 * The subscription's prices that neither a tier variable nor the catalog knows.
	 */
	public Set<String> unknownPrices(SubscriptionSnapshot snapshot) {
		Set<String> unknown = new LinkedHashSet<>();
		for (SubscriptionItem item : snapshot.items()) {
			String priceId = item.priceId();
			if (this.tiers.tierForPrice(priceId).isEmpty() && !this.tiers.isAddOn(priceId)
					&& this.catalog.current().price(priceId).isEmpty() && !this.catalog.hasPrice(priceId)) {
				unknown.add(priceId);
			}
		}
		return unknown;
	}

	/**
	 * Reads the customer's active entitlements from Stripe and keeps them, as of the
	 * second Stripe answered. An account without Entitlements, or a Stripe that cannot
	 * answer now, leaves the stored features as they are.
	 */
	public void refreshFeatures(String customerId, String source) {
		try {
			FeaturesRead read = this.billing.activeEntitlements(customerId);
			this.features.record(customerId, read.lookupKeys(), read.readAt(), source, true);
		}
		catch (StripeRequestRejected | StripeApiUnavailable ex) {
			logger.info("Active entitlements of customer {} not read: {}", customerId, ex.getMessage());
		}
	}

}
