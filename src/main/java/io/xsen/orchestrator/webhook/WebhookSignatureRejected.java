package io.xsen.orchestrator.webhook;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A delivery's {@code Stripe-Signature} was missing, malformed, outside the time
 * tolerance, or matched no secret.
 */
class WebhookSignatureRejected extends ProblemException {

	WebhookSignatureRejected(String reason) {
		super(HttpStatus.BAD_REQUEST, "invalid_signature", reason);
		setTitle("Invalid Stripe signature");
	}

}
