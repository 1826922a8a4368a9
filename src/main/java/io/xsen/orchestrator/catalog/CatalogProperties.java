package io.xsen.orchestrator.catalog;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How XSEN follows Stripe's catalog: whether each instance reads it whole from Stripe
 * when it starts ({@code XSEN_CATALOG_SYNC_ON_START}, default on), and how often it looks
 * for a change another instance stored ({@code XSEN_CATALOG_REFRESH}, default 1s).
 */
@ConfigurationProperties("xsen.catalog")
public record CatalogProperties(@DefaultValue("true") Boolean syncOnStart, @DefaultValue("1s") Duration refresh) {

	public CatalogProperties {
		if (refresh.isNegative() || refresh.isZero() || refresh.compareTo(Duration.ofSeconds(4)) > 0) {
			throw new IllegalArgumentException(
					"XSEN_CATALOG_REFRESH must be more than 0s and at most 4s, so a catalog change applies within 5s");
		}
	}

}
