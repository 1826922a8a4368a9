package io.xsen.orchestrator.security;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.InfoLogging;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.AdminApi.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators see of the running service: Prometheus metrics behind the admin key, one
 * DEBUG line per denied request, and the public OpenAPI description.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIntegrationTests {

	private static final String CUSTOMER = "cus_ObsMetrics0001";

	@Autowired
	private RestTestClient client;

	@Autowired
	private DatabaseRows rows;

	@Autowired
	private AccessScenario scenario;

	@BeforeEach
	void cleanSlate() {
		this.rows.clear();
	}

	@Test
	void metricsNeedTheAdminKey() {
		this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		this.client.get()
			.uri("/actuator/prometheus")
			.header("Authorization", "Bearer " + ADMIN_KEY + "x")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void noOtherActuatorEndpointOpensWithTheAdminKey() {
		for (String path : new String[] { "/actuator/env", "/actuator/metrics", "/actuator/beans",
				"/actuator/heapdump" }) {
			this.client.get()
				.uri(path)
				.header("Authorization", "Bearer " + ADMIN_KEY)
				.exchange()
				.expectStatus()
				.value(status -> assertThat(status).as(path).isIn(401, 404));
		}
	}

	@Test
	void metricsCountWebhookEventsAccessDecisionsAndIssuedTokens() {
		this.scenario.subscriptionIs("sub_ObsMetrics0001", CUSTOMER, "active", BASIC, now() - 100);
		String token = this.scenario.tokenFor(CUSTOMER);
		this.scenario.get("/api/chat", token).expectStatus().isOk();
		this.scenario.get("/api/chat/premium", token).expectStatus().isForbidden();
		this.client.get().uri("/api/chat").exchange().expectStatus().isUnauthorized();

		String metrics = this.client.get()
			.uri("/actuator/prometheus")
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(metrics)
			.contains("xsen_webhook_events_total{outcome=\"applied\",type=\"customer.subscription.updated\"}")
			.contains("xsen_webhook_processing_seconds_count{outcome=\"applied\"}")
			.contains("xsen_access_decisions_total{outcome=\"allowed\"}")
			.contains("xsen_access_decisions_total{outcome=\"tier_required\"}")
			.contains("xsen_access_decisions_total{outcome=\"invalid_token\"}")
			.contains("xsen_access_decisions_total{outcome=\"subscription_inactive\"}")
			.contains("xsen_tokens_issued_total{issued_via=\"admin\"}");
		assertThat(counter(metrics, "xsen_tokens_issued_total{issued_via=\"admin\"}")).isGreaterThanOrEqualTo(1);
		assertThat(counter(metrics, "xsen_access_decisions_total{outcome=\"allowed\"}")).isGreaterThanOrEqualTo(1);
	}

	@Test
	@ExtendWith(InfoLogging.class)
	void atDebugEveryDeniedRequestLogsOneLineWithItsReasonAndNeverTheToken(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel(AccessProblems.class.getName(), LogLevel.DEBUG);
		try {
			deniedRequestsAreLogged(output);
		}
		finally {
			logging.setLogLevel(AccessProblems.class.getName(), null);
		}
	}

	private void deniedRequestsAreLogged(CapturedOutput output) {
		this.scenario.subscriptionIs("sub_ObsMetrics0001", CUSTOMER, "active", BASIC, now() - 100);
		String token = this.scenario.tokenFor(CUSTOMER);

		this.scenario.get("/api/chat/premium", token).expectStatus().isForbidden();
		this.client.get().uri("/api/chat").exchange().expectStatus().isUnauthorized();
		this.scenario.get("/api/chat", token + "x").expectStatus().isUnauthorized();
		this.client.get()
			.uri("/admin/events")
			.header("Authorization", "Bearer " + ADMIN_KEY + "x")
			.exchange()
			.expectStatus()
			.isUnauthorized();

		assertThat(output).contains("Denied GET /api/chat/premium: tier_required")
			.contains("Denied GET /api/chat: invalid_token (no bearer token sent)")
			.contains("Denied GET /admin/events: invalid_token")
			.doesNotContain(token)
			.doesNotContain(ADMIN_KEY);
	}

	@Test
	void theOpenApiDescriptionIsPublicAndDeclaresTheCustomerBearerScheme() {
		JsonNode api = StripeFixtures.parse(this.client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());

		JsonNode schemes = api.path("components").path("securitySchemes");
		assertThat(schemes.path("customer_token").path("scheme").stringValue()).isEqualTo("bearer");
		JsonNode paths = api.path("paths");
		assertThat(paths.has("/api/chat") && paths.has("/api/token/claim") && paths.has("/webhooks/stripe"))
			.as(paths.propertyNames().toString())
			.isTrue();
		assertThat(paths.path("/api/chat").path("get").path("security").toString()).contains("customer_token");
		// Stated as no security at all, which importers read as "send no token".
		assertThat(paths.path("/api/token/claim").path("post").path("security").toString()).isEqualTo("[]");
	}

	private static double counter(String metrics, String series) {
		return metrics.lines()
			.filter(line -> line.startsWith(series + " "))
			.mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
			.findFirst()
			.orElse(0);
	}

}
