package io.xsen.orchestrator.api;

import java.time.Instant;

import io.xsen.orchestrator.token.BearerTokens;
import io.xsen.orchestrator.token.IssuedToken;
import org.jspecify.annotations.Nullable;

/**
 * The one answer that carries a token's plaintext:
 * {@code {"token","token_type":"Bearer","expires_at","tier"}}.
 */
record TokenResponse(String token, String tokenType, Instant expiresAt, @Nullable String tier) {

	static TokenResponse of(IssuedToken issued, @Nullable String tier) {
		return new TokenResponse(issued.token(), "Bearer", issued.expiresAt(), tier);
	}

	@Override
	public String toString() {
		return "TokenResponse[" + BearerTokens.PREFIX + "..., expiresAt=" + this.expiresAt + ", tier=" + this.tier
				+ "]";
	}

}
