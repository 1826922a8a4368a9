package io.xsen.orchestrator.usage;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The customer sent more requests this minute than the tier allows: 429
 * {@code rate_limited}, waiting for the next minute.
 */
class RateLimited extends ProblemException {

	RateLimited(long requestsPerMinute, long secondsLeft) {
		super(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "The limit of " + requestsPerMinute
				+ " requests per minute is reached; retry in " + secondsLeft + " seconds");
		getBody().setProperty("requests_per_minute", requestsPerMinute);
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(secondsLeft));
	}

}
