package io.xsen.orchestrator.support;

import java.security.GeneralSecurityException;
import java.time.Instant;

import com.stripe.net.Webhook;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Signs test deliveries the way Stripe does, with stripe-java's own signing helper, and
 * posts them to the service.
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

	/**
	 * Posts a delivery signed now with the primary secret.
	 */
	public static RestTestClient.ResponseSpec deliver(RestTestClient client, String payload) {
		return post(client, payload, signature(payload));
	}

	/**
	 * Posts the event signed now with the primary secret.
	 */
	public static RestTestClient.ResponseSpec deliver(RestTestClient client, JsonNode event) {
		return deliver(client, event.toString());
	}

	/**
	 * Posts a delivery with the given {@code Stripe-Signature}, as Stripe (or someone
	 * pretending) would.
	 */
	public static RestTestClient.ResponseSpec post(RestTestClient client, String payload, String signature) {
		return client.post()
			.uri("/webhooks/stripe")
			.header("Stripe-Signature", signature)
			.contentType(MediaType.APPLICATION_JSON)
			.body(payload)
			.exchange();
	}

}
