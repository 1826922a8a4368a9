package io.xsen.orchestrator.security;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.xsen.orchestrator.subscription.TierCatalog;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Tiers as Spring Security authorities ({@code TIER_basic}, {@code TIER_premium}) ranked
 * by the tier catalog, so each tier includes every lower one and a new tier is a product
 * in Stripe or a variable, not code. Follows the catalog as it changes.
 */
@Component
class TierAuthorities {

	private static final String PREFIX = "TIER_";

	// What /api/chat needs; without a tier of that name, any tier will do.
	private static final String ENTRY_TIER = "basic";

	private final TierCatalog catalog;

	private final AccessMetrics metrics;

	private volatile Granted granted = new Granted(List.of(), Map.of());

	TierAuthorities(TierCatalog catalog, AccessMetrics metrics) {
		this.catalog = catalog;
		this.metrics = metrics;
	}

	/**
	 * The authorities of a customer on {@code tier}: the tier's and every lower one's.
	 */
	List<GrantedAuthority> of(@Nullable String tier) {
		if (tier == null) {
			return List.of();
		}
		List<GrantedAuthority> authorities = granted().byTier().get(tier);
		// A tier stored a moment ago by another instance's catalog change.
		return (authorities != null) ? authorities
				: (this.catalog.isTier(tier) ? granted().byTier().getOrDefault(tier, List.of()) : List.of());
	}

	/**
	 * Allows callers whose tier is {@code tier} or higher; nobody while no tier has that
	 * name, except for the entry tier, which any tier then stands in for.
	 */
	AuthorizationManager<RequestAuthorizationContext> requires(String tier) {
		AuthorityAuthorizationManager<RequestAuthorizationContext> manager = AuthorityAuthorizationManager
			.hasAuthority(authority(tier));
		return (authentication, context) -> {
			AuthorizationResult result;
			if (this.catalog.isTier(tier)) {
				result = manager.authorize(authentication, context);
			}
			else if (ENTRY_TIER.equals(tier)) {
				result = anyTier(authentication.get().getAuthorities());
			}
			else {
				result = new AuthorityAuthorizationDecision(false,
						List.of(new SimpleGrantedAuthority(authority(tier))));
			}
			// Denials are counted where they are answered, in AccessProblems.
			if (result != null && result.isGranted()) {
				this.metrics.decided(AccessMetrics.Decision.ALLOWED);
			}
			return result;
		};
	}

	/**
	 * Allows every paying tier.
	 */
	AuthorizationManager<RequestAuthorizationContext> requiresAnyTier() {
		return (authentication, context) -> {
			AuthorizationResult result = anyTier(authentication.get().getAuthorities());
			if (result.isGranted()) {
				this.metrics.decided(AccessMetrics.Decision.ALLOWED);
			}
			return result;
		};
	}

	static @Nullable String tierOf(String authority) {
		return authority.startsWith(PREFIX) ? authority.substring(PREFIX.length()) : null;
	}

	private AuthorityAuthorizationDecision anyTier(Collection<? extends GrantedAuthority> held) {
		boolean granted = held.stream().anyMatch(authority -> tierOf(authority.getAuthority()) != null);
		List<String> ascending = this.catalog.tiersAscending();
		String lowest = ascending.isEmpty() ? ENTRY_TIER : ascending.get(0);
		return new AuthorityAuthorizationDecision(granted, List.of(new SimpleGrantedAuthority(authority(lowest))));
	}

	// Worked out once per catalog change rather than by a role hierarchy on every
	// request.
	private Granted granted() {
		List<String> ascending = this.catalog.tiersAscending();
		Granted held = this.granted;
		if (held.ascending() == ascending) {
			return held;
		}
		Map<String, List<GrantedAuthority>> byTier = new HashMap<>();
		for (String tier : ascending) {
			int rank = this.catalog.rank(tier);
			byTier.put(tier,
					ascending.stream()
						.filter(lower -> lower.equals(tier) || this.catalog.rank(lower) < rank)
						.<GrantedAuthority>map(lower -> new SimpleGrantedAuthority(authority(lower)))
						.toList());
		}
		Granted built = new Granted(ascending, Map.copyOf(byTier));
		this.granted = built;
		return built;
	}

	private static String authority(String tier) {
		return PREFIX + tier;
	}

	private record Granted(List<String> ascending, Map<String, List<GrantedAuthority>> byTier) {
	}

}
