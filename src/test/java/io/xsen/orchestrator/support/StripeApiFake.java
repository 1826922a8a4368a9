package io.xsen.orchestrator.support;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A stand-in for the Stripe API at the HTTP boundary: stripe-java talks to it over real
 * HTTP, one server per test run.
 */
public final class StripeApiFake {

	private static WireMockServer server;

	private StripeApiFake() {
	}

	public static synchronized WireMockServer server() {
		if (server == null) {
			server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		}
		return server;
	}

	public static String baseUrl() {
		return server().baseUrl();
	}

	public static void reset() {
		server().resetAll();
	}

	public static void subscriptionIs(JsonNode subscription) {
		server().stubFor(get(urlPathEqualTo("/v1/subscriptions/" + subscription.path("id").stringValue()))
			.willReturn(okJson(subscription.toString())));
	}

	/** Stripe answers with the subscription only after {@code delay}: a slow webhook. */
	public static void subscriptionIsSlow(JsonNode subscription, Duration delay) {
		server().stubFor(get(urlPathEqualTo("/v1/subscriptions/" + subscription.path("id").stringValue()))
			.willReturn(okJson(subscription.toString()).withFixedDelay(Math.toIntExact(delay.toMillis()))));
	}

	public static void subscriptionsFailWith(int status) {
		server().stubFor(get(WireMock.urlPathMatching("/v1/subscriptions/.*")).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"Stripe is having a bad day\"}}")));
	}

	public static int requestsTo(String path) {
		return server().findAll(WireMock.anyRequestedFor(urlPathEqualTo(path))).size();
	}

}
