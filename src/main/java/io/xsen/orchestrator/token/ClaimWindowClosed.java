package io.xsen.orchestrator.token;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A claim came longer after checkout than the claim window allows; support issues a token
 * instead.
 */
class ClaimWindowClosed extends ProblemException {

	ClaimWindowClosed(String message) {
		super(HttpStatus.GONE, "claim_window_closed", message);
	}

}
