package io.xsen.orchestrator.webhook;

import java.util.regex.Pattern;

import io.xsen.orchestrator.billing.StripeTimestamps;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Component;

/**
 * Reads the envelope of a signed Stripe event: id, type, created, API version and
 * {@code data.object}.
 */
@Component
class StripeEventReader {

	private static final Pattern EVENT_ID = Pattern.compile("evt_[A-Za-z0-9_]{1,250}");

	private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7E]{1,255}");

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
		if (!EVENT_ID.matcher(id).matches()) {
			throw new WebhookPayloadMalformed("Event has no valid id (evt_...)");
		}
		String type = printable(root.path("type"));
		if (type == null) {
			throw new WebhookPayloadMalformed("Event has no valid type");
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
				root.path("livemode").asBoolean(false), dataObject, payload);
	}

	private static @Nullable String printable(JsonNode node) {
		return (node.isString() && PRINTABLE.matcher(node.stringValue()).matches()) ? node.stringValue() : null;
	}

}
