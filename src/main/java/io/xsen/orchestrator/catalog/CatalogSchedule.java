package io.xsen.orchestrator.catalog;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Looks every {@code XSEN_CATALOG_REFRESH} for a catalog change another instance stored,
 * so a changed rank or limit applies everywhere within seconds, without a restart.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class CatalogSchedule implements SchedulingConfigurer {

	private final StripeCatalog catalog;

	private final CatalogProperties properties;

	CatalogSchedule(StripeCatalog catalog, CatalogProperties properties) {
		this.catalog = catalog;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(
				new FixedDelayTask(this.catalog::refresh, this.properties.refresh(), this.properties.refresh()));
	}

}
