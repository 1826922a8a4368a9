package io.xsen.orchestrator.config;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

/**
 * Reports a start refused by PostgreSQL (no such database, nothing listening, a wrong
 * password) as the driver's one-line cause and what to change, instead of the chain of
 * beans that needed the database.
 */
class DatabaseFailureAnalyzer implements FailureAnalyzer {

	private final @Nullable Environment environment;

	// Spring passes no environment when the failure comes before there is one.
	DatabaseFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		SQLException refusal = null;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql) {
				refusal = sql;
				break;
			}
		}
		if (refusal == null) {
			return null;
		}
		String url = (this.environment != null) ? this.environment.getProperty("spring.datasource.url") : null;
		// A JDBC URL may carry the password; it stays out of the log.
		String where = (url != null) ? " at " + url.replaceAll("(?i)(password=)[^&]*", "$1***") : "";
		return new FailureAnalysis("XSEN could not use the database" + where + ": " + refusal.getMessage(),
				action(String.valueOf(refusal.getSQLState())), failure);
	}

	// PostgreSQL's SQLSTATE classes: 3D no such database, 08 no connection, 28 the login.
	private static String action(String state) {
		if (state.equals("3D000")) {
			return "Create it (bin/xsen run and bin/xsen migrate do on this machine's PostgreSQL; elsewhere createdb "
					+ "or CREATE DATABASE), or point DATABASE_URL at a database that exists.";
		}
		if (state.startsWith("08")) {
			return "Start PostgreSQL, or correct the host and port in DATABASE_URL.";
		}
		if (state.startsWith("28")) {
			return "Correct the user and password in DATABASE_URL.";
		}
		return "Check DATABASE_URL and that PostgreSQL answers there.";
	}

}
