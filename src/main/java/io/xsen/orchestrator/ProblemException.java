package io.xsen.orchestrator;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A failure that is its own HTTP answer: Spring MVC renders it as an RFC 9457 problem
 * with a stable {@code code} and the failure's message as {@code detail}.
 */
public class ProblemException extends ErrorResponseException {

	public ProblemException(HttpStatus status, String code, @Nullable String detail) {
		this(status, code, detail, null);
	}

	public ProblemException(HttpStatus status, String code, @Nullable String detail, @Nullable Throwable cause) {
		super(status, Problems.of(status, code, detail), cause);
	}

	/**
	 * The detail, as logs and callers read a failure's message; Spring's own message
	 * would describe the whole answer.
	 */
	@Override
	public String getMessage() {
		String detail = getBody().getDetail();
		return (detail != null) ? detail : getStatusCode().toString();
	}

}
