package io.xsen.orchestrator.security;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many token claims one client address may make per minute
 * ({@code XSEN_CLAIM_RATE_PER_MINUTE}), and whether the platform's proxy is trusted to
 * name the client in {@code X-Forwarded-For} ({@code XSEN_TRUST_PROXY}; unset means
 * trusted exactly on Railway).
 */
@ConfigurationProperties("xsen.claims")
record ClaimProperties(@DefaultValue("10") Integer ratePerMinute, @Nullable Boolean trustProxy) {

	ClaimProperties {
		if (ratePerMinute < 1) {
			throw new IllegalArgumentException(
					"XSEN_CLAIM_RATE_PER_MINUTE must be a positive whole number (for example 10)");
		}
	}

}
