package io.xsen.orchestrator.usage;

import java.time.Instant;
import java.util.List;

import io.xsen.orchestrator.ProblemException;
import io.xsen.orchestrator.subscription.CatalogPlan;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The customer used every message of the billing period: 429 {@code quota_exceeded},
 * waiting until the period ends, with the catalog's plans that allow more.
 */
class QuotaExceeded extends ProblemException {

	QuotaExceeded(long messagesLimit, Instant periodEnd, long secondsLeft, List<CatalogPlan> plans) {
		super(HttpStatus.TOO_MANY_REQUESTS, "quota_exceeded", "All " + messagesLimit
				+ " messages of this billing period are used; the quota starts again when the period ends");
		getBody().setProperty("messages_limit", messagesLimit);
		getBody().setProperty("period_end", periodEnd);
		getBody().setProperty("plans", plans);
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(secondsLeft));
	}

}
