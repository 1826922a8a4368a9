package io.xsen.orchestrator.security;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.xsen.orchestrator.subscription.TierCatalog;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Tiers as Spring Security authorities ({@code TIER_basic}, {@code TIER_premium}) ranked
 * by the tier catalog, so each tier includes every lower one and a new tier is
 * configuration, not code.
 */
@Component
class TierAuthorities {

	private static final String PREFIX = "TIER_";

	private final TierCatalog catalog;

	/** Each tier's authorities: its own and every lower tier's, one shared list each. */
	private final Map<String, List<GrantedAuthority>> granted;

	private final AccessMetrics metrics;

	TierAuthorities(TierCatalog catalog, AccessMetrics metrics) {
		this.catalog = catalog;
		this.metrics = metrics;
		List<String> ascending = catalog.tiersAscending();
		// Worked out once here rather than by a role hierarchy on every request.
		this.granted = IntStream.range(0, ascending.size())
			.boxed()
			.collect(Collectors.toUnmodifiableMap(ascending::get,
					rank -> ascending.subList(0, rank + 1)
						.stream()
						.<GrantedAuthority>map(tier -> new SimpleGrantedAuthority(authority(tier)))
						.toList()));
	}

	/**
	 * The authorities of a customer on {@code tier}: the tier's and every lower one's.
	 */
	List<GrantedAuthority> of(@Nullable String tier) {
		return (tier != null) ? this.granted.getOrDefault(tier, List.of()) : List.of();
	}

	/**
	 * Allows callers whose tier is {@code tier} or higher.
	 */
	AuthorizationManager<RequestAuthorizationContext> requires(String tier) {
		if (!this.catalog.isTier(tier)) {
			throw new IllegalStateException("The API needs tier '" + tier + "', which is not configured (xsen.tiers)");
		}
		AuthorityAuthorizationManager<RequestAuthorizationContext> manager = AuthorityAuthorizationManager
			.hasAuthority(authority(tier));
		// Denials are counted where they are answered, in AccessProblems.
		return (authentication, context) -> {
			AuthorizationResult result = manager.authorize(authentication, context);
			if (result != null && result.isGranted()) {
				this.metrics.decided(AccessMetrics.Decision.ALLOWED);
			}
			return result;
		};
	}

	/**
	 * Allows every paying tier: the lowest one, which every other includes.
	 */
	AuthorizationManager<RequestAuthorizationContext> requiresAnyTier() {
		return requires(this.catalog.tiersAscending().get(0));
	}

	static @Nullable String tierOf(String authority) {
		return authority.startsWith(PREFIX) ? authority.substring(PREFIX.length()) : null;
	}

	private static String authority(String tier) {
		return PREFIX + tier;
	}

}
