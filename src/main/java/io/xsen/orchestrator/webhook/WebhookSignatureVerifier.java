package io.xsen.orchestrator.webhook;

import java.time.Clock;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Checks a delivery's {@code Stripe-Signature} over the raw body with stripe-java,
 * against every configured secret.
 */
@Component
class WebhookSignatureVerifier {

	private final WebhookProperties properties;

	private final Clock clock;

	WebhookSignatureVerifier(WebhookProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @throws WebhookSignatureRejected unless one configured secret signed this exact
	 * payload within the tolerance
	 */
	void verify(String payload, @Nullable String signatureHeader) {
		if (signatureHeader == null || signatureHeader.isBlank()) {
			throw new WebhookSignatureRejected("Missing Stripe-Signature header");
		}
		long tolerance = this.properties.tolerance().toSeconds();
		rejectFutureTimestamp(signatureHeader, tolerance);
		for (String secret : this.properties.secrets()) {
			try {
				Webhook.Signature.verifyHeader(payload, signatureHeader, secret, tolerance, this.clock);
				return;
			}
			catch (SignatureVerificationException ex) {
				if (ex.getMessage() != null && ex.getMessage().startsWith("Timestamp outside")) {
					throw new WebhookSignatureRejected("Stripe-Signature timestamp is outside the tolerance");
				}
			}
		}
		throw new WebhookSignatureRejected("Stripe-Signature matches no configured webhook secret");
	}

	// stripe-java only rejects old timestamps; a signature dated ahead of our clock is as
	// suspect as a stale one.
	private void rejectFutureTimestamp(String signatureHeader, long tolerance) {
		long now = this.clock.instant().getEpochSecond();
		for (String part : signatureHeader.split(",")) {
			String[] pair = part.trim().split("=", 2);
			if (pair.length == 2 && pair[0].equals("t")) {
				try {
					if (Long.parseLong(pair[1]) > now + tolerance) {
						throw new WebhookSignatureRejected("Stripe-Signature timestamp is outside the tolerance");
					}
				}
				catch (NumberFormatException ex) {
					throw new WebhookSignatureRejected("Stripe-Signature header is malformed");
				}
			}
		}
	}

}
