package io.xsen.orchestrator;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The one definition of "the database is unreachable" (no connection, a connection lost
 * or timed out, a server shutting down, a deadlock) and of how long a caller waits before
 * retrying; a statement the database refused is a fault a retry cannot fix.
 */
public final class Outages {

	/**
	 * The one {@code Retry-After} XSEN gives while PostgreSQL or Stripe is unreachable.
	 */
	public static final String RETRY_AFTER_SECONDS = "30";

	private static final int MAX_CAUSES = 20;

	private Outages() {
	}

	/**
	 * 503 with {@code Retry-After}: the failure is recoverable and nothing was applied.
	 */
	public static ProblemException retryLater(String code, String detail, Throwable cause) {
		ProblemException problem = new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, code, detail, cause);
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		return problem;
	}

	public static boolean isDatabaseOutage(Throwable failure) {
		boolean outage = false;
		boolean sqlRefusal = false;
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
			if (cause instanceof SQLException sql) {
				// The server always names its refusals; a failure without a state
				// comes from the driver or the pool losing the connection.
				if (sql instanceof SQLTransientException || sql instanceof SQLRecoverableException
						|| sql instanceof SQLNonTransientConnectionException || sql.getSQLState() == null
						|| isOutageState(sql.getSQLState())) {
					return true;
				}
				sqlRefusal = true;
			}
			else if (cause instanceof CannotGetJdbcConnectionException
					|| cause instanceof CannotCreateTransactionException
					|| cause instanceof DataAccessResourceFailureException
					|| cause instanceof TransientDataAccessException) {
				outage = true;
			}
		}
		return outage && !sqlRefusal;
	}

	// PostgreSQL's codes: 08 connection exception, 53 insufficient resources, 57P
	// operator intervention (shutdown, cannot connect now), 57014 statement timeout,
	// 40001 and 40P01 serialization failure and deadlock. Class 54 (program limit) is
	// left out: an oversized value hits it, and retrying the same value cannot help.
	private static boolean isOutageState(String state) {
		return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") || state.equals("57014")
				|| state.equals("40001") || state.equals("40P01");
	}

}
