package io.xsen.orchestrator.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.xsen.orchestrator.config.DatabaseUrl;
import io.xsen.orchestrator.support.CommandProcess;
import io.xsen.orchestrator.support.CommandProcess.Result;
import io.xsen.orchestrator.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code migrate}, run as Railway's pre-deploy step runs it: its own JVM, only
 * {@code DATABASE_URL} set, judged by its exit status.
 */
class MigrateCommandTests {

	@TempDir
	Path workingDirectory;

	@Test
	void migratesAnEmptyDatabaseWithOnlyDatabaseUrlSetAndExitsZero() throws Exception {
		DatabaseUrl empty = TestDatabase.empty("xsen_migrate_command_test");

		// Startup migration off, as on a Railway service that migrates before deploy.
		Result result = CommandProcess.run(this.workingDirectory,
				Map.of("DATABASE_URL", TestDatabase.railwayUrl(empty), "XSEN_MIGRATE_ON_START", "false"), "",
				"migrate");

		assertThat(result.exitStatus()).as(result.output()).isZero();
		assertThat(tables(empty)).contains("subscriptions", "auth_tokens", "stripe_events", "flyway_schema_history");
	}

	@Test
	void runningItAgainChangesNothingAndExitsZero() throws Exception {
		DatabaseUrl empty = TestDatabase.empty("xsen_migrate_command_test");
		Map<String, String> environment = Map.of("DATABASE_URL", TestDatabase.railwayUrl(empty));
		CommandProcess.run(this.workingDirectory, environment, "", "migrate");

		Result again = CommandProcess.run(this.workingDirectory, environment, "", "migrate");

		assertThat(again.exitStatus()).as(again.output()).isZero();
		assertThat(again.output()).contains("Database migrations are up to date");
	}

	@Test
	void anUnreachableDatabaseExitsNonZeroAndSaysWhy() throws Exception {
		Result result = CommandProcess.run(this.workingDirectory,
				Map.of("DATABASE_URL", "postgresql://xsen:not-the-password@127.0.0.1:1/xsen"), "", "migrate");

		assertThat(result.exitStatus()).isNotZero();
		assertThat(result.output()).contains("Database migration failed").doesNotContain("not-the-password");
	}

	private static List<String> tables(DatabaseUrl database) {
		return JdbcClient
			.create(new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password()))
			.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
			.query(String.class)
			.list();
	}

}
