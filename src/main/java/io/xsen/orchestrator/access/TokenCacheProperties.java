package io.xsen.orchestrator.access;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The per-instance token cache: on by default ({@code XSEN_TOKEN_CACHE}), holding up to
 * {@code XSEN_TOKEN_CACHE_SIZE} tokens.
 */
@ConfigurationProperties("xsen.token-cache")
@Validated
record TokenCacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("200000") @Min(1) long maximumSize) {
}
