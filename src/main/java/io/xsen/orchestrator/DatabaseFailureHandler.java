package io.xsen.orchestrator;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.TransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers every endpoint's database failures: 503 {@code database_unavailable} with
 * {@code Retry-After} when PostgreSQL cannot be reached, 500 {@code internal_error} when
 * it answered with an error.
 */
@RestControllerAdvice
class DatabaseFailureHandler {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseFailureHandler.class);

	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ErrorResponse databaseFailed(RuntimeException ex, HttpServletRequest request) {
		if (Outages.isDatabaseOutage(ex)) {
			// The cause (refused, timed out) is what an operator acts on; the stack
			// trace, one per request while the outage lasts, is there at DEBUG.
			logger.warn("Database unavailable, {} {} answered 503: {}", request.getMethod(), request.getRequestURI(),
					NestedExceptionUtils.getMostSpecificCause(ex).toString());
			logger.debug("Database unavailable", ex);
			return Outages.retryLater("database_unavailable", "The database could not be reached; retry shortly", ex);
		}
		logger.error("Database refused a statement", ex);
		return new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
				"The request failed inside XSEN; the error has been logged", ex);
	}

}
