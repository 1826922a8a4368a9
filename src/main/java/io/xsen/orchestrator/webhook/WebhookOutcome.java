package io.xsen.orchestrator.webhook;

/**
 * What one delivery of an event did, as reported to Stripe and written to the log.
 */
enum WebhookOutcome {

	/** The event changed a subscription. */
	APPLIED("applied"),

	/** The event was recorded but is older than what is stored, so it changed nothing. */
	STALE("stale"),

	/**
	 * The event was recorded; its type (or a one-time checkout) does not concern
	 * subscriptions.
	 */
	IGNORED("ignored"),

	/** The event id was seen and applied before; this delivery changed nothing. */
	DUPLICATE("duplicate");

	private final String label;

	WebhookOutcome(String label) {
		this.label = label;
	}

	String label() {
		return this.label;
	}

	static WebhookOutcome of(boolean changed) {
		return changed ? APPLIED : STALE;
	}

}
