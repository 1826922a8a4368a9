package io.xsen.orchestrator.console;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the console reads its figures.
 *
 * @param overviewCacheFor how long each instance reuses the overview's figures
 * ({@code XSEN_CONSOLE_OVERVIEW_CACHE}, default 5 seconds; 0 recomputes on every load):
 * its aggregates over every subscription and usage period cost more than a page load may
 */
@ConfigurationProperties("xsen.console")
record ConsoleProperties(@DefaultValue("5s") Duration overviewCacheFor) {
}
