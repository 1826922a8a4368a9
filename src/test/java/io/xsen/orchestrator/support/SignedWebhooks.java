package io.xsen.orchestrator.support;

import java.security.GeneralSecurityException;
import java.time.Instant;

import com.stripe.net.Webhook;

/**
 * Signs test deliveries the way Stripe does, with stripe-java's own signing helper.
 */
public final class SignedWebhooks {

	/** The secrets the test profile configures; either one signs a valid delivery. */
	public static final String SECRET = "whsec_test_dashboard_5f3c2a";

	public static final String SECOND_SECRET = "whsec_test_cli_91be07";

	private SignedWebhooks() {
	}

	public static String signature(String payload) {
		return signature(payload, SECRET, Instant.now().getEpochSecond());
	}

	public static String signature(String payload, String secret, long timestamp) {
		try {
			return Webhook.Signature.generateSignatureHeader(payload, secret, timestamp);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
