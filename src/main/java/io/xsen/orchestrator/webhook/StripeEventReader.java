package io.xsen.orchestrator.webhook;

import java.time.DateTimeException;
import java.time.Instant;

import io.xsen.orchestrator.billing.StripeIds;
import io.xsen.orchestrator.billing.StripeTimestamps;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Component;

/**
 * Reads the envelope of a signed Stripe event: id, type, created, API version and
 * {@code data.object}; of a thin API v2 notification, what it has of these.
 */
@Component
class StripeEventReader {

	/** The {@code object} of a thin event notification (API v2). */
	private static final String THIN = "v2.core.event";

	private final ObjectMapper objectMapper;

	StripeEventReader(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
	}

	VerifiedEvent read(String payload) {
		JsonNode root;
		try {
			root = this.objectMapper.readTree(payload);
		}
		catch (JacksonException ex) {
			throw new WebhookPayloadMalformed("Body is not valid JSON");
		}
		if (root == null || !root.isObject()) {
			throw new WebhookPayloadMalformed("Body is not a JSON object");
		}
		String id = root.path("id").isString() ? root.path("id").stringValue() : "";
		if (!StripeIds.isEventId(id)) {
			throw new WebhookPayloadMalformed("Event has no valid id (evt_...)");
		}
		String type = printable(root.path("type"));
		if (type == null) {
			throw new WebhookPayloadMalformed("Event has no valid type");
		}
		if (THIN.equals(printable(root.path("object")))) {
			// ISO-8601 created, no object: recorded, never refused, since Stripe
			// retries a 4xx and may disable the endpoint.
			return new VerifiedEvent(id, type, isoInstant(root.path("created")), null,
					root.path("livemode").asBoolean(false), true, root.path("data").path("object"), payload);
		}
		// A number outside the storable range is Stripe's event all the same: the inbox
		// keeps it as failed for operators to see.
		JsonNode created = root.path("created");
		if (!created.isNumber()) {
			throw new WebhookPayloadMalformed("Event has no valid created timestamp");
		}
		JsonNode dataObject = root.path("data").path("object");
		if (!dataObject.isObject()) {
			throw new WebhookPayloadMalformed("Event has no data.object");
		}
		return new VerifiedEvent(id, type, StripeTimestamps.of(created), printable(root.path("api_version")),
				root.path("livemode").asBoolean(false), false, dataObject, payload);
	}

	private static @Nullable Instant isoInstant(JsonNode created) {
		if (!created.isString()) {
			return null;
		}
		try {
			Instant instant = Instant.parse(created.stringValue());
			long second = instant.getEpochSecond();
			return (second >= StripeTimestamps.EARLIEST_SECOND && second <= StripeTimestamps.LATEST_SECOND) ? instant
					: null;
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	private static @Nullable String printable(JsonNode node) {
		return (node.isString() && StripeIds.isName(node.stringValue())) ? node.stringValue() : null;
	}

}
