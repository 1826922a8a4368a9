package io.xsen.orchestrator.config;

import java.net.URI;

import io.xsen.orchestrator.support.SecondInstance;
import io.xsen.orchestrator.support.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code XSEN_DATABASE_TIMEOUT} bounds what requests and scheduled work wait for, not the
 * migrations an instance runs as it starts: a migration that works longer than the bound
 * completes, and the instance serves.
 */
class MigrationTimeoutIntegrationTests {

	@Test
	void aMigrationLongerThanTheDatabaseTimeoutCompletesAtStart() {
		DatabaseUrl empty = TestDatabase.empty(databaseName() + "_slow_migration");

		try (ConfigurableApplicationContext instance = SecondInstance.start(
				"--DATABASE_URL=" + TestDatabase.railwayUrl(empty), "--XSEN_DATABASE_TIMEOUT=1s",
				"--spring.flyway.locations=classpath:db/migration,classpath:db/slow-migration")) {
			SecondInstance.client(instance).get().uri("/health").exchange().expectStatus().isOk();
		}

		assertThat(JdbcClient.create(new DriverManagerDataSource(empty.jdbcUrl(), empty.username(), empty.password()))
			.sql("SELECT success FROM flyway_schema_history WHERE version = '1000'")
			.query(Boolean.class)
			.single()).isTrue();
	}

	// Named after the test database, so that test runs on other databases of the same
	// server do not share it.
	private static String databaseName() {
		return URI.create(TestDatabase.get().jdbcUrl().substring("jdbc:".length())).getPath().substring(1);
	}

}
