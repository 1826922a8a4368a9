package io.xsen.orchestrator.webhook;

/**
 * A delivery body larger than the configured limit; it is refused before being read
 * further.
 */
class WebhookPayloadTooLarge extends RuntimeException {

	WebhookPayloadTooLarge(long limitBytes) {
		super("Webhook bodies are limited to " + limitBytes + " bytes");
	}

}
