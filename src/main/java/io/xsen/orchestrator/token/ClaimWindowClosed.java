package io.xsen.orchestrator.token;

/**
 * A claim came longer after checkout than the claim window allows; support issues a token
 * instead.
 */
public class ClaimWindowClosed extends RuntimeException {

	ClaimWindowClosed(String message) {
		super(message);
	}

}
