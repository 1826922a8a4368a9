package io.xsen.orchestrator.security;

import java.time.Clock;
import java.util.List;

import io.xsen.orchestrator.subscription.CustomerSubscription;
import io.xsen.orchestrator.subscription.SubscriptionAccess;
import io.xsen.orchestrator.token.BearerTokens;
import io.xsen.orchestrator.token.TokenLookup;
import io.xsen.orchestrator.token.TokenRow;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;

/**
 * Checks a customer's bearer token against the token store (one indexed query when the
 * cache cannot answer) and tells who is calling with which tier.
 */
@Component
class CustomerTokenIntrospector implements OpaqueTokenIntrospector {

	private final TokenLookup tokens;

	private final SubscriptionAccess access;

	private final TierAuthorities tiers;

	private final Clock clock;

	CustomerTokenIntrospector(TokenLookup tokens, SubscriptionAccess access, TierAuthorities tiers, Clock clock) {
		this.tokens = tokens;
		this.access = access;
		this.tiers = tiers;
		this.clock = clock;
	}

	@Override
	public OAuth2AuthenticatedPrincipal introspect(String token) {
		if (!BearerTokens.isWellFormed(token)) {
			throw new BadOpaqueTokenException("The token is malformed");
		}
		TokenRow row = find(token);
		if (row == null) {
			throw new BadOpaqueTokenException("The token is unknown");
		}
		if (row.revoked()) {
			throw new BadOpaqueTokenException("The token has been revoked");
		}
		if (!this.clock.instant().isBefore(row.expiresAt())) {
			throw new BadOpaqueTokenException("The token has expired");
		}
		CustomerSubscription subscription = this.access.best(row.subscriptions());
		boolean entitled = this.access.grants(subscription);
		if (subscription == null) {
			return new ApiCustomer(row.id(), row.customerId(), null, null, null, null, null, null, false,
					row.createdAt(), row.expiresAt(), false, List.of());
		}
		return new ApiCustomer(row.id(), row.customerId(), subscription.subscriptionId(), subscription.email(),
				subscription.tier(), subscription.status(), subscription.currentPeriodStart(),
				subscription.currentPeriodEnd(), subscription.cancelAtPeriodEnd(), row.createdAt(), row.expiresAt(),
				entitled, entitled ? this.tiers.of(subscription.tier()) : List.of(), subscription.extraMessages());
	}

	private @Nullable TokenRow find(String token) {
		try {
			return this.tokens.find(token);
		}
		catch (DataAccessException ex) {
			throw new OAuth2IntrospectionException("The token store cannot be reached", ex);
		}
	}

}
