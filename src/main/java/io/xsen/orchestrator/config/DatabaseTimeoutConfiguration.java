package io.xsen.orchestrator.config;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Bounds every statement on the connection pool by {@code XSEN_DATABASE_TIMEOUT}, so that
 * a request or a scheduled task whose database goes silent fails at the bound instead of
 * waiting out the partition; the migrations run without it.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseTimeoutConfiguration {

	/**
	 * The server cancels a statement at the bound ({@code statement_timeout}), so a slow
	 * one ends cleanly and frees its locks; the driver stops reading a socket silent for
	 * as long ({@code socketTimeout}), since a partition carries no cancellation; and it
	 * stops connecting after as long ({@code connectTimeout}).
	 */
	@Bean
	static BeanPostProcessor boundedPool(ObjectProvider<DatabaseProperties> properties) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof HikariDataSource pool) {
					DatabaseProperties database = properties.getObject();
					String seconds = Long.toString(database.socketSeconds());
					pool.addDataSourceProperty("socketTimeout", seconds);
					pool.addDataSourceProperty("connectTimeout", seconds);
					// A statement rather than the "options" startup parameter, which
					// PgBouncer refuses.
					pool.setConnectionInitSql("SET statement_timeout = " + database.statementMillis());
				}
				return bean;
			}

		};
	}

	/**
	 * Migrations connect on their own, without the bound: they run once per deploy before
	 * the instance serves, and a long index build on a big table sends nothing until it
	 * ends, so a socket timeout could not tell it from a silent network and would fail
	 * the deploy halfway.
	 */
	@Bean
	FlywayConfigurationCustomizer unboundedMigrations() {
		return configuration -> configuration.dataSource(DataSourceBuilder.derivedFrom(configuration.getDataSource())
			.type(SimpleDriverDataSource.class)
			.build());
	}

}
