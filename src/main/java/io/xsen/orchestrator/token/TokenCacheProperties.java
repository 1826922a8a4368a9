package io.xsen.orchestrator.token;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * The per-instance token cache: on by default ({@code XSEN_TOKEN_CACHE}), holding up to
 * {@code XSEN_TOKEN_CACHE_SIZE} tokens for at most {@code XSEN_TOKEN_CACHE_MAX_AGE} each,
 * kept current by change notifications read from {@code DATABASE_LISTEN_URL} (else
 * {@code DATABASE_URL}).
 */
@ConfigurationProperties("xsen.token-cache")
@Validated
record TokenCacheProperties(@DefaultValue("true") Boolean enabled, @DefaultValue("200000") @Min(1) Long maximumSize,
		@DefaultValue("60s") Duration maxAge, @Nullable String listenUrl) {

	TokenCacheProperties {
		if (maxAge.isNegative() || maxAge.isZero()) {
			throw new IllegalArgumentException("XSEN_TOKEN_CACHE_MAX_AGE must be positive");
		}
	}

	@Nullable String listenUrlOrDefault() {
		return StringUtils.hasText(this.listenUrl) ? this.listenUrl : null;
	}

}
