package io.xsen.orchestrator.webhook;

/**
 * A correctly signed body that is not a Stripe event envelope (bad JSON, or no id, type,
 * created or data.object).
 */
class WebhookPayloadMalformed extends RuntimeException {

	WebhookPayloadMalformed(String reason) {
		super(reason);
	}

}
