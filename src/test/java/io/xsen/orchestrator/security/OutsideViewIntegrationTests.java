package io.xsen.orchestrator.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.InfoLogging;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SignedWebhooks;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.AdminApi.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What anyone on the internet sees: security headers on every answer, no Actuator
 * endpoint for a customer token, the public API description without the operator API, and
 * refusals that cost a metric increment instead of a log line.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class OutsideViewIntegrationTests {

	private static final String CUSTOMER = "cus_QXgOutside0001";

	private static final Map<String, String> SECURITY_HEADERS = Map.of("Referrer-Policy", "no-referrer",
			"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'", "Cross-Origin-Opener-Policy",
			"same-origin", "Cross-Origin-Resource-Policy", "same-origin", "X-Content-Type-Options", "nosniff",
			"X-Frame-Options", "DENY");

	private static final String HSTS = "max-age=31536000; includeSubDomains";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private DatabaseRows rows;

	@Autowired
	private AccessScenario scenario;

	@BeforeEach
	void cleanSlate() {
		this.rows.clear();
	}

	@Test
	void everyAnswerCarriesTheSecurityHeadersAndHstsOnlyOverHttps() throws Exception {
		this.scenario.subscriptionIs("sub_1Outside0001", CUSTOMER, "active", BASIC, now() - 100);
		String token = this.scenario.tokenFor(CUSTOMER);
		String oversized = "{\"id\":\"evt_big\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";
		Map<String, Integer> answers = new LinkedHashMap<>();
		for (String proto : new String[] { null, "https" }) {
			answers.put("GET /health", check(get("/health", null, proto), 200, proto));
			answers.put("GET /api/chat with a token", check(get("/api/chat", token, proto), 200, proto));
			answers.put("GET /api/chat without a token", check(get("/api/chat", null, proto), 401, proto));
			answers.put("GET /api/chat/premium", check(get("/api/chat/premium", token, proto), 403, proto));
			answers.put("GET /admin/nothing-here", check(get("/admin/nothing-here", ADMIN_KEY, proto), 404, proto));
			answers.put("webhook, bad signature",
					check(post("/webhooks/stripe", "{}", "t=1,v1=00", proto), 400, proto));
			answers.put("webhook, too large",
					check(post("/webhooks/stripe", oversized, SignedWebhooks.signature(oversized), proto), 413, proto));
			answers.put("firewall, double slash", check(get("/api//chat", token, proto), 400, proto));
			answers.put("firewall, encoded dot segment",
					check(get("/api/%2e%2e/admin/events", null, proto), 400, proto));
		}
		assertThat(answers).hasSize(9);
	}

	@Test
	void aCustomerTokenOpensNoActuatorEndpointAndOnlyTheProbesArePublic() throws Exception {
		this.scenario.subscriptionIs("sub_1Outside0001", CUSTOMER, "active", BASIC, now() - 100);
		String token = this.scenario.tokenFor(CUSTOMER);

		for (String path : List.of("/actuator", "/actuator/health", "/actuator/health/liveness",
				"/actuator/health/readiness", "/actuator/prometheus", "/actuator/env", "/actuator/info",
				"/actuator/metrics", "/actuator/beans", "/actuator/heapdump")) {
			assertThat(get(path, token, null).statusCode()).as("%s with a customer token", path).isEqualTo(401);
			assertThat(get(path, null, null).statusCode()).as("%s without a token", path).isEqualTo(401);
		}
		for (String path : List.of("/health", "/livez", "/readyz")) {
			assertThat(get(path, null, null).statusCode()).as(path).isEqualTo(200);
		}
		assertThat(get("/actuator/prometheus", ADMIN_KEY, null).statusCode()).isEqualTo(200);
	}

	@Test
	void thePublicApiDescriptionLeavesTheOperatorApiToTheAdminKey() throws Exception {
		JsonNode published = StripeFixtures.parse(get("/v3/api-docs", null, null).body());
		assertThat(published.path("paths").propertyNames())
			.contains("/api/chat", "/api/token/claim", "/webhooks/stripe")
			.noneMatch(path -> path.startsWith("/admin"));
		assertThat(published.path("components").path("securitySchemes").has("admin_key")).isFalse();
		assertThat(get("/v3/api-docs.yaml", null, null).body()).contains("/api/chat").doesNotContain("/admin/");

		this.scenario.subscriptionIs("sub_1Outside0001", CUSTOMER, "active", BASIC, now() - 100);
		String token = this.scenario.tokenFor(CUSTOMER);
		for (String path : List.of("/v3/api-docs/operator", "/v3/api-docs.yaml/operator")) {
			assertThat(get(path, null, null).statusCode()).as(path).isEqualTo(401);
			assertThat(get(path, token, null).statusCode()).as(path).isEqualTo(401);
		}

		HttpResponse<String> operator = get("/v3/api-docs/operator", ADMIN_KEY, null);
		assertThat(operator.statusCode()).isEqualTo(200);
		JsonNode paths = StripeFixtures.parse(operator.body()).path("paths");
		assertThat(paths.propertyNames()).contains("/admin/events", "/admin/customers/{customerId}/sync")
			.allMatch(path -> path.startsWith("/admin/"));
		assertThat(paths.path("/admin/events").path("get").path("security").toString()).contains("admin_key");
		assertThat(get("/v3/api-docs.yaml/operator", ADMIN_KEY, null).body()).contains("/admin/events");
	}

	@Test
	@ExtendWith(InfoLogging.class)
	void refusedRequestsAreCountedAndNeverLoggedAtInfo(CapturedOutput output) throws Exception {
		double invalidTokensBefore = counter("xsen_access_decisions_total{outcome=\"invalid_token\"}");
		double rejectedBefore = counter("xsen_webhook_events_total{outcome=\"rejected\",type=\"unverified\"}");
		int logged = output.getOut().length();
		String payload = StripeFixtures
			.event("evt_refused", "customer.created", now(), StripeFixtures.load("customer"),
					StripeFixtures.CURRENT_API_VERSION)
			.toString();
		String forgedToken = "xsen_" + "A".repeat(43);

		for (int i = 0; i < 100; i++) {
			assertThat(get("/api/chat", forgedToken, null).statusCode()).isEqualTo(401);
			assertThat(post("/webhooks/stripe", payload,
					SignedWebhooks.signature(payload, "whsec_forged", Instant.now().getEpochSecond()), null)
				.statusCode()).isEqualTo(400);
		}

		String burst = output.getOut().substring(logged);
		assertThat(burst.lines().filter(line -> line.contains(" INFO ") || line.contains(" WARN ")))
			.as("INFO and WARN lines written while refusing 200 requests")
			.noneMatch(line -> line.contains("Denied") || line.contains("refused") || line.contains("/api/chat"))
			.hasSizeLessThan(5);
		assertThat(burst).doesNotContain(forgedToken);
		assertThat(counter("xsen_access_decisions_total{outcome=\"invalid_token\"}") - invalidTokensBefore)
			.isEqualTo(100);
		assertThat(counter("xsen_webhook_events_total{outcome=\"rejected\",type=\"unverified\"}") - rejectedBefore)
			.isEqualTo(100);
	}

	private int check(HttpResponse<String> response, int status, String proto) {
		String request = response.request().method() + " " + response.request().uri().getRawPath() + " proto=" + proto;
		assertThat(response.statusCode()).as(request).isEqualTo(status);
		SECURITY_HEADERS
			.forEach((name, value) -> assertThat(response.headers().allValues(name)).as("%s on %s", name, request)
				.containsExactly(value));
		if (proto != null) {
			assertThat(response.headers().allValues("Strict-Transport-Security")).as(request).containsExactly(HSTS);
		}
		else {
			assertThat(response.headers().firstValue("Strict-Transport-Security")).as(request).isEmpty();
		}
		if (status >= 400) {
			assertThat(response.headers().firstValue("Content-Type")).as(request)
				.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		}
		return status;
	}

	private double counter(String series) throws IOException, InterruptedException {
		return get("/actuator/prometheus", ADMIN_KEY, null).body()
			.lines()
			.filter(line -> line.startsWith(series + " "))
			.mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
			.findFirst()
			.orElse(0);
	}

	private HttpResponse<String> get(String path, String bearer, String proto)
			throws IOException, InterruptedException {
		return send(request(path, bearer, proto).GET());
	}

	private HttpResponse<String> post(String path, String body, String signature, String proto)
			throws IOException, InterruptedException {
		return send(request(path, null, proto).header("Stripe-Signature", signature)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpRequest.Builder request(String path, String bearer, String proto) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		if (proto != null) {
			request.header("X-Forwarded-Proto", proto);
		}
		return request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
