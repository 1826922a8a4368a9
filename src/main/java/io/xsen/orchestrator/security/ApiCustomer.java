package io.xsen.orchestrator.security;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;

/**
 * The customer behind a valid bearer token, with their subscription as of this request.
 *
 * @param tokenId the {@code auth_tokens} row, so the token itself can be revoked
 * @param subscriptionId the subscription that counts for this request, {@code null} when
 * the customer has none
 * @param status the subscription's status, {@code null} when the customer has none
 * @param entitled whether that status grants access now
 * @param tierAuthorities the tier's authority and every lower tier's, empty unless
 * entitled
 * @param extraMessages messages the subscription's add-ons add to its period quota
 */
public record ApiCustomer(long tokenId, String customerId, @Nullable String subscriptionId, @Nullable String email,
		@Nullable String tier, @Nullable String status, @Nullable Instant currentPeriodStart,
		@Nullable Instant currentPeriodEnd, boolean cancelAtPeriodEnd, Instant tokenIssuedAt, Instant tokenExpiresAt,
		boolean entitled, List<GrantedAuthority> tierAuthorities,
		long extraMessages) implements OAuth2AuthenticatedPrincipal {

	/** A customer whose subscription has no add-ons. */
	public ApiCustomer(long tokenId, String customerId, @Nullable String subscriptionId, @Nullable String email,
			@Nullable String tier, @Nullable String status, @Nullable Instant currentPeriodStart,
			@Nullable Instant currentPeriodEnd, boolean cancelAtPeriodEnd, Instant tokenIssuedAt,
			Instant tokenExpiresAt, boolean entitled, List<GrantedAuthority> tierAuthorities) {
		this(tokenId, customerId, subscriptionId, email, tier, status, currentPeriodStart, currentPeriodEnd,
				cancelAtPeriodEnd, tokenIssuedAt, tokenExpiresAt, entitled, tierAuthorities, 0);
	}

	@Override
	public String getName() {
		return this.customerId;
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return this.tierAuthorities;
	}

	/**
	 * The token's introspection claims; Spring Security reads issue and expiry times from
	 * them.
	 */
	@Override
	public Map<String, Object> getAttributes() {
		Map<String, Object> attributes = new HashMap<>();
		attributes.put(OAuth2TokenIntrospectionClaimNames.SUB, this.customerId);
		attributes.put(OAuth2TokenIntrospectionClaimNames.IAT, this.tokenIssuedAt);
		attributes.put(OAuth2TokenIntrospectionClaimNames.EXP, this.tokenExpiresAt);
		return attributes;
	}

	@Override
	public String toString() {
		return "ApiCustomer[" + this.customerId + ", tier=" + this.tier + ", status=" + this.status + "]";
	}

}
