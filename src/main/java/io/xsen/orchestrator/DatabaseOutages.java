package io.xsen.orchestrator;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The one definition of "the database is unreachable": no connection, a connection lost
 * or timed out, a server shutting down, a deadlock. Only these are worth a 503 and a
 * retry; a statement the database refused is a fault a retry cannot fix.
 */
public final class DatabaseOutages {

	private static final int MAX_CAUSES = 20;

	private DatabaseOutages() {
	}

	public static boolean isOutage(Throwable failure) {
		boolean outage = false;
		boolean sqlRefusal = false;
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
			if (cause instanceof SQLException sql) {
				// The server always names its refusals; a failure without a state comes
				// from
				// the driver or the pool losing the connection.
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
