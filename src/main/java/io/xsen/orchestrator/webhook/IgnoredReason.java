package io.xsen.orchestrator.webhook;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Why a signed event is recorded without being applied: the code kept in the inbox's
 * {@code ignored_reason}, and what it means for an operator.
 */
enum IgnoredReason {

	/** An API v2 notification names its object instead of carrying it. */
	THIN_EVENT("thin_event",
			"an API v2 event notification (v2.core.event), which names its object instead of "
					+ "carrying it; XSEN applies snapshot events only"),

	/** The other mode's customers and subscriptions are not the ones this key reads. */
	LIVEMODE_MISMATCH("livemode_mismatch",
			"the event's livemode is not the mode of STRIPE_SECRET_KEY (a test event at a live key, or the reverse)");

	private final String code;

	private final String meaning;

	IgnoredReason(String code, String meaning) {
		this.code = code;
		this.meaning = meaning;
	}

	String code() {
		return this.code;
	}

	String meaning() {
		return this.meaning;
	}

	static @Nullable String meaningOf(@Nullable String code) {
		return Arrays.stream(values())
			.filter(reason -> reason.code.equals(code))
			.findFirst()
			.map(r -> r.meaning)
			.orElse(null);
	}

}
