package io.xsen.orchestrator.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.xsen.orchestrator.config.DatabaseUrl;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL every integration test runs against: {@code TEST_DATABASE_URL} when
 * set, else a Testcontainers PostgreSQL where Docker runs, else the local server that
 * {@code bin/xsen test} brings up. Never skipped.
 */
public final class TestDatabase {

	private static final String POSTGRES_IMAGE = "postgres:17.6-alpine";

	private static final String LOCAL_SERVER = "jdbc:postgresql://127.0.0.1:5432/";

	private static final String LOCAL_DATABASE = "xsen_test";

	private static DatabaseUrl database;

	private TestDatabase() {
	}

	public static synchronized DatabaseUrl get() {
		if (database == null) {
			database = resolve();
		}
		return database;
	}

	private static DatabaseUrl resolve() {
		String configured = System.getenv("TEST_DATABASE_URL");
		if (configured != null && !configured.isBlank()) {
			return DatabaseUrl.parse(configured);
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
			container.start();
			return new DatabaseUrl(container.getJdbcUrl(), container.getUsername(), container.getPassword());
		}
		return localDatabase();
	}

	private static DatabaseUrl localDatabase() {
		DatabaseUrl server = new DatabaseUrl(LOCAL_SERVER + "postgres", "postgres", "postgres");
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.username(),
				server.password()); Statement statement = connection.createStatement()) {
			try (ResultSet exists = statement
				.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + LOCAL_DATABASE + "'")) {
				if (!exists.next()) {
					statement.execute("CREATE DATABASE " + LOCAL_DATABASE);
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("No PostgreSQL for the tests: set TEST_DATABASE_URL, run Docker, or run "
					+ "'bin/xsen test', which starts a local PostgreSQL on 127.0.0.1:5432", ex);
		}
		return new DatabaseUrl(LOCAL_SERVER + LOCAL_DATABASE, "postgres", "postgres");
	}

}
