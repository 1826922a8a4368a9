package io.xsen.orchestrator.subscription;

import java.util.Collection;
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
	 * The price among {@code priceIds} that buys the highest tier, or the first price
	 * when none maps to a tier.
	 */
	@Nullable String bestPrice(Collection<String> priceIds) {
		return priceIds.stream()
			.filter(price -> this.tierByPrice.containsKey(price))
			.max(Comparator.comparingInt(price -> this.rankByTier.get(this.tierByPrice.get(price))))
			.orElse(priceIds.isEmpty() ? null : priceIds.iterator().next());
	}

}
