package io.xsen.orchestrator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static io.xsen.orchestrator.ProblemResponses.problem;
import static io.xsen.orchestrator.ProblemResponses.retryLater;

/**
 * Answers every endpoint's database failures: 503 {@code database_unavailable} with
 * {@code Retry-After} when PostgreSQL cannot be reached, 500 {@code internal_error} when
 * it answered with an error.
 */
@RestControllerAdvice
class DatabaseFailureHandler {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseFailureHandler.class);

	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<ProblemDetail> databaseFailed(RuntimeException ex) {
		if (DatabaseOutages.isOutage(ex)) {
			logger.warn("Database unavailable: {}", ex.getMessage());
			return retryLater("database_unavailable", "The database could not be reached; retry shortly");
		}
		logger.error("Database refused a statement", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
				"The request failed inside XSEN; the error has been logged");
	}

}
