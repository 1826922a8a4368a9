package io.xsen.orchestrator.security;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.xsen.orchestrator.subscription.TierCatalog;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Tiers as Spring Security authorities ({@code TIER_basic}, {@code TIER_premium}) with a
 * hierarchy from the tier catalog's ranks, so each tier includes every lower one and a
 * new tier is configuration, not code.
 */
@Component
class TierAuthorities {

	private static final String PREFIX = "TIER_";

	private final TierCatalog catalog;

	private final RoleHierarchyImpl hierarchy;

	private final AccessMetrics metrics;

	TierAuthorities(TierCatalog catalog, AccessMetrics metrics) {
		this.catalog = catalog;
		this.metrics = metrics;
		List<String> ascending = catalog.tiersAscending();
		this.hierarchy = RoleHierarchyImpl.fromHierarchy(IntStream.range(1, ascending.size())
			.mapToObj(i -> authority(ascending.get(i)) + " > " + authority(ascending.get(i - 1)))
			.collect(Collectors.joining("\n")));
	}

	List<GrantedAuthority> of(@Nullable String tier) {
		return (tier != null && this.catalog.isTier(tier)) ? List.of(new SimpleGrantedAuthority(authority(tier)))
				: List.of();
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
		manager.setRoleHierarchy(this.hierarchy);
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
