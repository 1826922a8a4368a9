package io.xsen.orchestrator.token;

import java.time.Instant;

/**
 * A token just issued: the only moment its plaintext exists.
 */
public record IssuedToken(String token, String prefix, Instant expiresAt) {

	@Override
	public String toString() {
		return "IssuedToken[" + this.prefix + "..., expiresAt=" + this.expiresAt + "]";
	}

}
