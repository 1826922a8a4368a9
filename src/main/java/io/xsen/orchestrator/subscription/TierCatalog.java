package io.xsen.orchestrator.subscription;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.xsen.orchestrator.catalog.CatalogPrice;
import io.xsen.orchestrator.catalog.CatalogProduct;
import io.xsen.orchestrator.catalog.CatalogSnapshot;
import io.xsen.orchestrator.catalog.StripeCatalog;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Answers which tier a Stripe price buys, how tiers rank against each other and what
 * add-ons add: from Stripe's catalog (product metadata) and the tier variables, which win
 * where they are set. Follows the catalog as this instance holds it, so a changed rank or
 * limit applies without a restart.
 */
@Component
public class TierCatalog {

	private static final Logger logger = LoggerFactory.getLogger(TierCatalog.class);

	private final TierProperties variables;

	private final @Nullable StripeCatalog catalog;

	private final Set<String> conflictsTold = new HashSet<>();

	private volatile TierView view;

	private @Nullable String tiersTold;

	// Without the catalog (a slice without the database), the variables alone.
	TierCatalog(TierProperties variables, ObjectProvider<StripeCatalog> catalog) {
		this.variables = variables;
		this.catalog = catalog.getIfAvailable();
		this.view = new TierView(variables, CatalogSnapshot.EMPTY_CATALOG);
	}

	public Optional<String> tierForPrice(@Nullable String priceId) {
		return view().tierForPrice(priceId);
	}

	/**
	 * Tier names from the lowest to the highest rank.
	 */
	public List<String> tiersAscending() {
		return view().tiersAscending();
	}

	/**
	 * The tier's rank, higher buying more; 0 for no tier or one not configured.
	 */
	public int rank(@Nullable String tier) {
		return known(tier).rank(tier);
	}

	public boolean isTier(String name) {
		return known(name).isTier(name);
	}

	/**
	 * Messages one unit of the price adds to a period quota; 0 unless its product is an
	 * add-on.
	 */
	public long extraMessages(String priceId) {
		return view().extraMessages(priceId);
	}

	public boolean isAddOn(String priceId) {
		return view().isAddOn(priceId);
	}

	/**
	 * What the operator should fix in the catalog: a tier named with two ranks, a rank
	 * shared by two tiers, metadata XSEN cannot read.
	 */
	public List<String> conflicts() {
		return view().conflicts();
	}

	/**
	 * The tier's limit as its product's metadata says it ({@code unlimited} or a whole
	 * number), {@code null} where it says nothing; a limit variable overrides it.
	 * @param key {@code xsen_messages_per_period} or {@code xsen_requests_per_minute}
	 */
	public @Nullable String catalogLimit(@Nullable String tier, String key) {
		return view().catalogLimit(tier, key);
	}

	/**
	 * The catalog's offered prices whose tier passes {@code allows}, lowest tier first,
	 * then cheapest: what a chatbot may offer a customer refused a call. Reads the
	 * catalog this instance holds, never Stripe.
	 */
	public List<CatalogPlan> plans(Predicate<String> allows) {
		TierView held = view();
		CatalogSnapshot catalog = held.catalog();
		List<CatalogPlan> plans = new ArrayList<>();
		for (CatalogPrice price : catalog.prices().values()) {
			CatalogProduct product = catalog.products().get(price.productId());
			String tier = held.tierForPrice(price.id()).orElse(null);
			if (price.offered() && product != null && product.offered() && tier != null && !held.isAddOn(price.id())
					&& allows.test(tier)) {
				plans.add(new CatalogPlan((price.lookupKey() != null) ? price.lookupKey() : price.id(), product.name(),
						price.unitAmount(), price.currency(), price.interval(), tier));
			}
		}
		plans.sort(Comparator.comparingInt((CatalogPlan plan) -> held.rank(plan.tier()))
			.thenComparing(plan -> (plan.amount() != null) ? plan.amount() : Long.MAX_VALUE)
			.thenComparing(CatalogPlan::price));
		return List.copyOf(plans);
	}

	/**
	 * The plans of {@code tier} or a tier that includes it.
	 */
	public List<CatalogPlan> plansIncluding(String tier) {
		int needed = rank(tier);
		return plans(offered -> rank(offered) >= needed);
	}

	// A tier a subscription holds but this instance does not know yet comes from a
	// catalog change another instance stored a moment ago: read the catalog again.
	private TierView known(@Nullable String tier) {
		TierView held = view();
		if (tier == null || held.isTier(tier) || this.catalog == null) {
			return held;
		}
		this.catalog.refreshSoon();
		return view();
	}

	/**
	 * The tiers of the catalog as this instance holds it, rebuilt when it moved.
	 */
	TierView view() {
		CatalogSnapshot current = (this.catalog != null) ? this.catalog.current() : CatalogSnapshot.EMPTY_CATALOG;
		TierView held = this.view;
		if (held.catalog() == current) {
			return held;
		}
		synchronized (this) {
			if (this.view.catalog() != current) {
				this.view = new TierView(this.variables, current);
				tell(this.view);
			}
			return this.view;
		}
	}

	/**
	 * The tiers of the catalog as the database holds it now, seen from the caller's
	 * transaction: what a subscription is recorded with.
	 */
	TierView freshView() {
		CatalogSnapshot fresh = (this.catalog != null) ? this.catalog.fresh() : CatalogSnapshot.EMPTY_CATALOG;
		TierView held = view();
		return (held.catalog() == fresh) ? held : new TierView(this.variables, fresh);
	}

	/**
	 * The item that buys the subscription's tier: among the items of quantity 1 or more,
	 * the one whose price buys the highest tier. When several buy it, the one whose
	 * period ends first, so that a longer item never stretches the quota's period; then
	 * the first in Stripe's order.
	 * @return the item, {@code null} when none buys a tier
	 */
	static @Nullable SubscriptionItem tierItem(TierView tiers, List<SubscriptionItem> items) {
		SubscriptionItem best = null;
		String bestTier = null;
		for (SubscriptionItem item : items) {
			String tier = tiers.tierForPrice(item.priceId()).orElse(null);
			if (!item.counts() || tier == null) {
				continue;
			}
			int byRank = (best != null) ? Integer.compare(tiers.rank(tier), tiers.rank(bestTier)) : 1;
			if (byRank > 0 || (byRank == 0 && endsFirst(item, best))) {
				best = item;
				bestTier = tier;
			}
		}
		return best;
	}

	/**
	 * Messages the subscription's add-on items add to its period quota: each unit of
	 * quantity adds its product's {@code xsen_extra_messages}.
	 */
	static long extraMessages(TierView tiers, List<SubscriptionItem> items) {
		long extra = 0;
		for (SubscriptionItem item : items) {
			if (item.counts()) {
				extra = Math.addExact(extra, Math.multiplyExact(tiers.extraMessages(item.priceId()), item.quantity()));
			}
		}
		return extra;
	}

	// The tiers once per change, each conflict once while it lasts.
	private void tell(TierView view) {
		String tiers = view.describe();
		if (!tiers.equals(this.tiersTold)) {
			logger.info("Tiers: {}",
					tiers.isEmpty() ? "none yet (no tier variables, no product with xsen_tier)" : tiers);
			this.tiersTold = tiers;
		}
		for (String conflict : view.conflicts()) {
			if (this.conflictsTold.add(conflict)) {
				logger.warn("Catalog conflict: {}", conflict);
			}
		}
		this.conflictsTold.retainAll(view.conflicts());
	}

	private static boolean endsFirst(SubscriptionItem item, @Nullable SubscriptionItem than) {
		return than != null && item.currentPeriodEnd() != null
				&& (than.currentPeriodEnd() == null || item.currentPeriodEnd().isBefore(than.currentPeriodEnd()));
	}

}
