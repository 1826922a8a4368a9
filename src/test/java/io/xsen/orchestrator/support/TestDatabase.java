package io.xsen.orchestrator.support;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

	/**
	 * An empty database on the test server, dropped and created anew: for what must start
	 * from nothing, like the first migration.
	 */
	public static DatabaseUrl empty(String name) {
		DatabaseUrl test = get();
		DatabaseUrl created = new DatabaseUrl(withDatabase(test.jdbcUrl(), name), test.username(), test.password());
		try (Connection connection = DriverManager.getConnection(test.jdbcUrl(), test.username(), test.password());
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the empty database " + name, ex);
		}
		return created;
	}

	/**
	 * The database in Railway's form, {@code postgresql://user:password@host:port/db}.
	 */
	public static String railwayUrl(DatabaseUrl database) {
		URI uri = URI.create(database.jdbcUrl().substring("jdbc:".length()));
		String user = (database.username() != null)
				? encode(database.username()) + ":" + encode(String.valueOf(database.password())) + "@" : "";
		String query = (uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "";
		return "postgresql://" + user + uri.getHost() + ":" + uri.getPort() + uri.getRawPath() + query;
	}

	private static String withDatabase(String jdbcUrl, String name) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		String query = (uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "";
		return "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + "/" + name + query;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
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
