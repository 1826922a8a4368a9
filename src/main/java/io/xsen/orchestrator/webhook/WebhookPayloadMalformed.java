package io.xsen.orchestrator.webhook;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A correctly signed body that is not a Stripe event envelope (bad JSON, or no id, type,
 * created or data.object).
 */
class WebhookPayloadMalformed extends ProblemException {

	WebhookPayloadMalformed(String reason) {
		super(HttpStatus.BAD_REQUEST, "malformed_payload", reason);
		setTitle("Malformed Stripe event");
	}

}
