package io.xsen.orchestrator.billing;

import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads fields of Stripe objects defensively: expandable references as ids, epoch seconds
 * as instants, and every id checked for shape so nothing odd reaches the database.
 */
final class StripeJson {

	// Stripe accepts customer emails of up to 512 characters.
	private static final int MAX_EMAIL_LENGTH = 512;

	private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cc}]+@[^@\\s\\p{Cc}]+");

	/** Every subscription status Stripe documents. */
	static final Set<String> SUBSCRIPTION_STATUSES = Set.of("incomplete", "incomplete_expired", "trialing", "active",
			"past_due", "canceled", "unpaid", "paused");

	private StripeJson() {
	}

	static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.stringValue() : null;
	}

	/**
	 * An expandable reference: either the id itself or the expanded object carrying it.
	 */
	static @Nullable String optionalId(JsonNode node, String field) {
		JsonNode value = node.path(field);
		String id = value.isObject() ? text(value, "id") : (value.isString() ? value.stringValue() : null);
		if (id != null && !StripeIds.isWellFormed(id)) {
			throw new StripeObjectUnreadable("Field '" + field + "' is not a Stripe id");
		}
		return id;
	}

	static String requiredId(JsonNode node, String field) {
		String id = optionalId(node, field);
		if (id == null) {
			throw new StripeObjectUnreadable("Field '" + field + "' is missing");
		}
		return id;
	}

	/**
	 * A timestamp, {@code null} when absent.
	 * @throws StripeObjectUnreadable when present but not a second XSEN can store
	 */
	static @Nullable Instant epochSeconds(JsonNode node, String field) {
		JsonNode value = node.path(field);
		if (value.isMissingNode() || value.isNull()) {
			return null;
		}
		Instant instant = StripeTimestamps.of(value);
		if (instant == null) {
			throw new StripeObjectUnreadable(
					"Field '" + field + "' is not a timestamp within " + StripeTimestamps.range());
		}
		return instant;
	}

	/**
	 * An email address, trimmed; {@code null} when the field is absent, {@code null}, or
	 * holds something that is not an address: a local part and a domain around one
	 * {@code @}, without spaces or control characters, of at most Stripe's 512
	 * characters.
	 */
	static @Nullable String email(JsonNode node, String field) {
		String email = text(node, field);
		if (email == null) {
			return null;
		}
		String trimmed = email.trim();
		return (trimmed.length() <= MAX_EMAIL_LENGTH && EMAIL.matcher(trimmed).matches()) ? trimmed : null;
	}

	static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
		if (a == null) {
			return b;
		}
		return (b == null || a.isAfter(b)) ? a : b;
	}

}
