package io.xsen.orchestrator.email;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
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

	@Autowired
	private JdbcClient jdbc;

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
		withinOneMinute(() -> {
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
		});
	}

	// The per-minute limit counts in fixed minutes: a run that a new minute cut in two
	// starts again with no window counted.
	private void withinOneMinute(Runnable test) {
		while (true) {
			Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
			try {
				test.run();
				return;
			}
			catch (AssertionError failure) {
				if (Instant.now().truncatedTo(ChronoUnit.MINUTES).equals(minute)) {
					throw failure;
				}
				this.jdbc.sql("DELETE FROM rate_windows").update();
			}
		}
	}

	private RestTestClient.ResponseSpec request(String email) {
		return request(this.client, email, null);
	}

	private static RestTestClient.ResponseSpec request(RestTestClient client, String email, String forwardedFor) {
		RestTestClient.RequestBodySpec request = client.post()
			.uri("/api/access-link")
			.contentType(MediaType.APPLICATION_JSON);
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return request.body("{\"email\":\"" + email + "\"}").exchange();
	}

	/**
	 * Behind Railway's proxy, requests count against the address the proxy saw (the
	 * rightmost {@code X-Forwarded-For} entry), whatever the client wrote to its left.
	 */
	@Nested
	@TestPropertySource(properties = "xsen.claims.trust-proxy=true")
	class BehindATrustedProxy {

		@Autowired
		private RestTestClient client;

		@Test
		void rotatingTheForgedLeftmostEntryStillCountsAgainstTheAddressTheProxySaw() {
			withinOneMinute(() -> {
				request(this.client, "one@example.com", "1.2.3.1, 9.9.9.9").expectStatus().isAccepted();
				request(this.client, "two@example.com", "1.2.3.2, 9.9.9.9").expectStatus().isAccepted();
				request(this.client, "three@example.com", "1.2.3.3, 9.9.9.9").expectStatus().isAccepted();

				request(this.client, "four@example.com", "1.2.3.4, 9.9.9.9").expectStatus()
					.isEqualTo(429)
					.expectBody()
					.jsonPath("$.code")
					.isEqualTo("rate_limited");
				// Another address the proxy saw is not held back.
				request(this.client, "four@example.com", "9.9.9.9, 1.2.3.4").expectStatus().isAccepted();
			});
		}

	}

}
