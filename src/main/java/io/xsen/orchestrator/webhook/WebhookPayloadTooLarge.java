package io.xsen.orchestrator.webhook;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A delivery body larger than the configured limit; it is refused before being read
 * further.
 */
class WebhookPayloadTooLarge extends ProblemException {

	WebhookPayloadTooLarge(long limitBytes) {
		super(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
				"Webhook bodies are limited to " + limitBytes + " bytes");
		setTitle("Webhook body too large");
	}

}
