package io.xsen.orchestrator.email;

import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Access link requests are limited per client address and per email, counted in
 * PostgreSQL: over either limit, 429 {@code rate_limited} with {@code Retry-After}.
 */
@IntegrationTest
@CleanSlate
@TestPropertySource(properties = { "xsen.mail.link-rate-per-minute=3", "xsen.mail.link-rate-per-email-per-hour=2" })
class AccessLinkRateLimitIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Test
	void oneEmailIsAskedForAtMostTheHourlyLimit() {
		request("ada@example.com").expectStatus().isAccepted();
		request("ADA@example.com").expectStatus().isAccepted();

		request("ada@example.com").expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("rate_limited");
	}

	@Test
	void oneAddressAsksAtMostThePerMinuteLimit() {
		request("one@example.com").expectStatus().isAccepted();
		request("two@example.com").expectStatus().isAccepted();
		request("three@example.com").expectStatus().isAccepted();

		request("four@example.com").expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("rate_limited");
	}

	private RestTestClient.ResponseSpec request(String email) {
		return this.client.post()
			.uri("/api/access-link")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"email\":\"" + email + "\"}")
			.exchange();
	}

}
