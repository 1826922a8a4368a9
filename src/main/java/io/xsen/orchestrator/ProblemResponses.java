package io.xsen.orchestrator;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Builds the RFC 9457 answers every feature's exception handler gives: a problem with a
 * stable {@code code}, and the 503 that tells a caller (Stripe included) to retry.
 */
public final class ProblemResponses {

	/**
	 * The one {@code Retry-After} XSEN gives while PostgreSQL or Stripe is unreachable.
	 */
	public static final String RETRY_AFTER_SECONDS = "30";

	private ProblemResponses() {
	}

	public static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String detail) {
		return ResponseEntity.status(status).body(detail(status, code, detail));
	}

	public static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String title, String detail) {
		ProblemDetail problem = detail(status, code, detail);
		problem.setTitle(title);
		return ResponseEntity.status(status).body(problem);
	}

	/**
	 * 503 with {@code Retry-After}: the failure is recoverable and nothing was applied.
	 */
	public static ResponseEntity<ProblemDetail> retryLater(String code, String detail) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
			.body(detail(HttpStatus.SERVICE_UNAVAILABLE, code, detail));
	}

	/**
	 * 400 {@code invalid_request} naming the query or path parameter at fault.
	 */
	public static ResponseEntity<ProblemDetail> badParameter(String parameter, String detail) {
		ProblemDetail problem = detail(HttpStatus.BAD_REQUEST, "invalid_request", detail);
		problem.setProperty("param", parameter);
		return ResponseEntity.badRequest().body(problem);
	}

	private static ProblemDetail detail(HttpStatus status, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setProperty("code", code);
		return problem;
	}

}
