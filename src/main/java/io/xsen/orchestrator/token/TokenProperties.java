package io.xsen.orchestrator.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long bearer tokens live at least ({@code XSEN_TOKEN_TTL}) and past the paid period
 * ({@code XSEN_TOKEN_GRACE}), how long after checkout a token may be claimed
 * ({@code XSEN_CLAIM_WINDOW}), and how often dead tokens are swept
 * ({@code XSEN_TOKEN_CLEANUP_INTERVAL}).
 */
@ConfigurationProperties("xsen.tokens")
record TokenProperties(@DefaultValue("30d") Duration ttl, @DefaultValue("3d") Duration grace,
		@DefaultValue("24h") Duration claimWindow, @DefaultValue("1h") Duration cleanupInterval) {

	TokenProperties {
		requirePositive(ttl, "XSEN_TOKEN_TTL");
		if (grace.isNegative()) {
			throw new IllegalArgumentException("XSEN_TOKEN_GRACE must be zero or a positive duration (for example 3d)");
		}
		requirePositive(claimWindow, "XSEN_CLAIM_WINDOW");
		requirePositive(cleanupInterval, "XSEN_TOKEN_CLEANUP_INTERVAL");
	}

	private static void requirePositive(Duration value, String variable) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(variable + " must be a positive duration (for example 30d, 24h, 15m)");
		}
	}

}
