package io.xsen.orchestrator.webhook;

/**
 * A delivery's {@code Stripe-Signature} was missing, malformed, outside the time
 * tolerance, or matched no secret.
 */
class WebhookSignatureRejected extends RuntimeException {

	WebhookSignatureRejected(String reason) {
		super(reason);
	}

}
