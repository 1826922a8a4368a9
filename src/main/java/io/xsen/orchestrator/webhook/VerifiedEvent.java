package io.xsen.orchestrator.webhook;

import java.time.Instant;

import io.xsen.orchestrator.billing.StripeObjectUnreadable;
import io.xsen.orchestrator.billing.StripeTimestamps;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A Stripe event whose signature checked out, with its envelope read and its raw text
 * kept for the inbox.
 *
 * <p>
 * {@code storedCreated} is {@code null} when Stripe's {@code created} lies outside
 * {@link StripeTimestamps}: the inbox keeps such an event as failed and never applies it.
 * A {@code thin} event (an API v2 notification, {@code v2.core.event}) names its object
 * instead of carrying it, so its {@code dataObject} is missing.
 */
record VerifiedEvent(String id, String type, @Nullable Instant storedCreated, @Nullable String apiVersion,
		boolean livemode, boolean thin, JsonNode dataObject, String payload) {

	/**
	 * Stripe's {@code created} second.
	 * @throws StripeObjectUnreadable when it lies outside what XSEN stores
	 */
	Instant created() {
		if (this.storedCreated == null) {
			throw new StripeObjectUnreadable("Event created is not a timestamp within " + StripeTimestamps.range());
		}
		return this.storedCreated;
	}

}
