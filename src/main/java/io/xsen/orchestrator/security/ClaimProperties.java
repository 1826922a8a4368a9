package io.xsen.orchestrator.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many token claims, and as many checkout links and wrong console keys, one client
 * address may make per minute ({@code XSEN_CLAIM_RATE_PER_MINUTE}); which address that
 * is, behind a proxy, is {@link ProxyTrustEnvironmentPostProcessor}'s to decide.
 */
@ConfigurationProperties("xsen.claims")
record ClaimProperties(@DefaultValue("10") Integer ratePerMinute) {

	ClaimProperties {
		if (ratePerMinute < 1) {
			throw new IllegalArgumentException(
					"XSEN_CLAIM_RATE_PER_MINUTE must be a positive whole number (for example 10)");
		}
	}

}
