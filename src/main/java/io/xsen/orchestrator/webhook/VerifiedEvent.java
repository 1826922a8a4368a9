package io.xsen.orchestrator.webhook;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A Stripe event whose signature checked out, with its envelope read and its raw text
 * kept for the inbox.
 */
record VerifiedEvent(String id, String type, Instant created, @Nullable String apiVersion, boolean livemode,
		JsonNode dataObject, String payload) {
}
