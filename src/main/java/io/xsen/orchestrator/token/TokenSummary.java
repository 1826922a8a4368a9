package io.xsen.orchestrator.token;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A token as support sees it: never its plaintext or hash, only the prefix the customer
 * can read out, how and when it was issued, until when it runs and whether it was
 * revoked.
 */
public record TokenSummary(String prefix, String issuedVia, Instant issuedAt, Instant expiresAt,
		@Nullable Instant revokedAt) {

	public boolean live(Instant now) {
		return this.revokedAt == null && this.expiresAt.isAfter(now);
	}

}
