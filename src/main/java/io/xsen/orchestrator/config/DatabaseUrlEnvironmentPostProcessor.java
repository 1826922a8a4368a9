package io.xsen.orchestrator.config;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Turns the operator's {@code DATABASE_URL} into Spring's datasource settings, and falls
 * back to the local PostgreSQL the README describes when it is unset.
 */
class DatabaseUrlEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final DatabaseUrl LOCAL_DEFAULT = new DatabaseUrl("jdbc:postgresql://localhost:5432/xsen", "postgres",
			"postgres");

	private static final String SOURCE_NAME = "xsenDatabaseUrl";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String databaseUrl = environment.getProperty("DATABASE_URL");
		if (StringUtils.hasText(databaseUrl)) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource(SOURCE_NAME, datasourceProperties(DatabaseUrl.parse(databaseUrl))));
		}
		else {
			// Lowest precedence: any explicit spring.datasource.* setting still wins.
			environment.getPropertySources()
				.addLast(new MapPropertySource(SOURCE_NAME, datasourceProperties(LOCAL_DEFAULT)));
		}
	}

	private static Map<String, Object> datasourceProperties(DatabaseUrl url) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.datasource.url", url.jdbcUrl());
		if (url.username() != null) {
			properties.put("spring.datasource.username", url.username());
		}
		if (url.password() != null) {
			properties.put("spring.datasource.password", url.password());
		}
		return properties;
	}

	@Override
	public int getOrder() {
		// After config data, so that DATABASE_URL from a .env file counts too.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
