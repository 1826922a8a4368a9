package io.xsen.orchestrator.subscription;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Answers which tier a Stripe price buys and how tiers rank against each other.
 */
@Component
public class TierCatalog {

	private final Map<String, String> tierByPrice = new HashMap<>();

	private final Map<String, Integer> rankByTier = new HashMap<>();

	private final List<String> tiersAscending;

	TierCatalog(TierProperties properties) {
		properties.tiers().forEach((tier, definition) -> {
			this.rankByTier.put(tier, definition.rank());
			definition.prices().forEach(price -> this.tierByPrice.put(price, tier));
		});
		this.tiersAscending = this.rankByTier.keySet()
			.stream()
			.sorted(Comparator.comparingInt(this.rankByTier::get))
			.toList();
	}

	public Optional<String> tierForPrice(@Nullable String priceId) {
		return Optional.ofNullable((priceId != null) ? this.tierByPrice.get(priceId) : null);
	}

	/**
	 * Tier names from the lowest to the highest rank.
	 */
	public List<String> tiersAscending() {
		return this.tiersAscending;
	}

	/**
	 * The tier's rank, higher buying more; 0 for no tier or one not configured.
	 */
	public int rank(@Nullable String tier) {
		return (tier != null) ? this.rankByTier.getOrDefault(tier, 0) : 0;
	}

	public boolean isTier(String name) {
		return this.rankByTier.containsKey(name);
	}

	/**
	 * The item that buys the subscription's tier: among the items of quantity 1 or more,
	 * the one whose price buys the highest tier. When several buy it, the one whose
	 * period ends first, so that a longer item never stretches the quota's period; then
	 * the first in Stripe's order.
	 * @return the item, {@code null} when none buys a tier
	 */
	@Nullable SubscriptionItem tierItem(List<SubscriptionItem> items) {
		SubscriptionItem best = null;
		for (SubscriptionItem item : items) {
			String tier = this.tierByPrice.get(item.priceId());
			if (!item.counts() || tier == null) {
				continue;
			}
			int byRank = (best != null) ? Integer.compare(rank(tier), rank(this.tierByPrice.get(best.priceId()))) : 1;
			if (byRank > 0 || (byRank == 0 && endsFirst(item, best))) {
				best = item;
			}
		}
		return best;
	}

	private static boolean endsFirst(SubscriptionItem item, @Nullable SubscriptionItem than) {
		return than != null && item.currentPeriodEnd() != null
				&& (than.currentPeriodEnd() == null || item.currentPeriodEnd().isBefore(than.currentPeriodEnd()));
	}

}
