package io.xsen.orchestrator.access;

/**
 * A claim came longer after checkout than the claim window allows; support issues a token
 * instead.
 */
class ClaimWindowClosed extends RuntimeException {

	ClaimWindowClosed(String message) {
		super(message);
	}

}
