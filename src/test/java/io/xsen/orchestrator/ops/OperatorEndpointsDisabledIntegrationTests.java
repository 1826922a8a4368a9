package io.xsen.orchestrator.ops;

import io.xsen.orchestrator.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code ADMIN_API_KEY} the operator endpoints and the console do not exist,
 * whatever is sent, and their answers say how to turn them on.
 */
@IntegrationTest
// The same settings as OperatorSettingsIntegrationTests, so both share one running
// service.
@TestPropertySource(properties = { "xsen.admin.api-key=", "xsen.access.past-due-grace=3d" })
class OperatorEndpointsDisabledIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Test
	void everyOperatorEndpointIs404() {
		String[][] endpoints = { { "GET", "/admin/events" }, { "GET", "/admin/events?status=failed" },
				{ "POST", "/admin/events/evt_anything/replay" }, { "POST", "/admin/customers/cus_Any/sync" },
				{ "GET", "/admin/subscriptions?email=a@example.com" }, { "GET", "/admin/subscriptions/cus_Any" },
				{ "GET", "/actuator/prometheus" }, { "GET", "/console" }, { "GET", "/console/login" },
				{ "POST", "/console/login" }, { "GET", "/console/customers?q=a" }, { "GET", "/console/events" },
				{ "POST", "/console/events/evt_anything/replay" }, { "GET", "/console/emails" },
				{ "POST", "/console/emails/1/resend" }, { "POST", "/console/customers/cus_anything/access-link" },
				{ "GET", "/console/assets/console.css" } };
		for (String[] endpoint : endpoints) {
			for (String authorization : new String[] { null, "Bearer test-admin-key-0f7d3c9a51b24e8e9d6f" }) {
				RestTestClient.RequestBodySpec request = this.client.method(HttpMethod.valueOf(endpoint[0]))
					.uri(endpoint[1]);
				if (authorization != null) {
					request.header("Authorization", authorization);
				}
				request.exchange().expectStatus().isNotFound().expectHeader().doesNotExist("WWW-Authenticate");
			}
		}
	}

	@Test
	void theConsoleSaysItIsOffAndHowToTurnItOn() {
		String page = this.client.get()
			.uri("/console/customers")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(page).contains("The console is off").contains("ADMIN_API_KEY").contains("openssl rand -hex 32");
	}

	@Test
	void theOperatorApiSaysWhyItIsAbsent() {
		this.client.get()
			.uri("/admin/events")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("not_found")
			.jsonPath("$.detail")
			.value(String.class, detail -> assertThat(detail).contains("ADMIN_API_KEY"));
	}

	@Test
	void theApiDescriptionStaysPublic() {
		this.client.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
	}

}
