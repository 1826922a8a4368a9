package io.xsen.orchestrator;

import org.springframework.http.HttpStatus;

/**
 * A query or path parameter XSEN cannot answer for: 400 {@code invalid_request} naming it
 * in {@code param}.
 */
public class ParameterInvalid extends ProblemException {

	public ParameterInvalid(String parameter, String detail) {
		super(HttpStatus.BAD_REQUEST, "invalid_request", detail);
		getBody().setProperty("param", parameter);
	}

}
