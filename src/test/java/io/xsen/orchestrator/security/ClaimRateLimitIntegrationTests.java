package io.xsen.orchestrator.security;

import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SecondInstance;
import io.xsen.orchestrator.support.StripeApiFake;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token claims, and apart from them checkout links, are limited per client address
 * ({@code XSEN_CLAIM_RATE_PER_MINUTE}, 10 by default) across every instance; the address
 * is the connection's unless the platform's proxy is trusted ({@code XSEN_TRUST_PROXY}).
 */
@IntegrationTest
@TestPropertySource(properties = { "xsen.claims.rate-per-minute=10", "xsen.claims.trust-proxy=false" })
class ClaimRateLimitIntegrationTests {

	private static final int LIMIT = 10;

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private DatabaseRows rows;

	@BeforeEach
	void cleanSlate() {
		this.rows.clear();
		StripeApiFake.reset();
		StripeApiFake.checkoutSessionsAreUnknown();
		awaitFreshMinute(this.jdbc);
	}

	@Test
	void theEleventhClaimInAMinuteIs429WithRetryAfterAndForgedForwardedForDoesNotEscapeIt() {
		for (int i = 1; i <= LIMIT; i++) {
			claim(this.client, "203.0.113." + i).expectStatus().isNotFound();
		}

		claim(this.client, "203.0.113.99").expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value("Retry-After", value -> assertThat(Integer.parseInt(value)).isBetween(1, 60))
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("rate_limited")
			.jsonPath("$.status")
			.isEqualTo(429);
		assertThat(StripeApiFake.server().getAllServeEvents()).as("the refused claim never reached Stripe")
			.hasSize(LIMIT);
	}

	@Test
	void invalidClaimsCountToo() {
		for (int i = 1; i <= LIMIT; i++) {
			this.client.post()
				.uri("/api/token/claim")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"checkout_session_id\":\"not-a-session\"}")
				.exchange()
				.expectStatus()
				.isBadRequest();
		}

		claim(this.client, null).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
	}

	@Test
	void checkoutLinksHaveALimitOfTheSameSizeCountedApartFromClaims() {
		for (int i = 1; i <= LIMIT; i++) {
			checkout(this.client).expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		}

		checkout(this.client).expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value("Retry-After", value -> assertThat(Integer.parseInt(value)).isBetween(1, 60))
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("rate_limited");
		claim(this.client, null).expectStatus().isNotFound();
	}

	@Test
	void everyInstanceCountsAgainstTheOneLimit() {
		RestTestClient other = SecondInstance.client();
		for (int i = 0; i < 6; i++) {
			claim(other, null).expectStatus().isNotFound();
		}
		for (int i = 0; i < LIMIT - 6; i++) {
			claim(this.client, null).expectStatus().isNotFound();
		}

		claim(this.client, null).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
	}

	private static RestTestClient.ResponseSpec claim(RestTestClient client, String forwardedFor) {
		RestTestClient.RequestBodySpec request = client.post()
			.uri("/api/token/claim")
			.contentType(MediaType.APPLICATION_JSON);
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return request.body("{\"checkout_session_id\":\"cs_test_rate" + System.nanoTime() + "\"}").exchange();
	}

	private static RestTestClient.ResponseSpec checkout(RestTestClient client) {
		return client.post()
			.uri("/api/checkout")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"price\":\"no_such_plan\"}")
			.exchange();
	}

	/**
	 * Counts are per minute of the database clock: a burst must not straddle two minutes.
	 */
	private static void awaitFreshMinute(JdbcClient jdbc) {
		double second = jdbc.sql("SELECT extract(second FROM clock_timestamp())::float8").query(Double.class).single();
		if (second > 50) {
			try {
				Thread.sleep((long) ((60.5 - second) * 1000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Behind Railway's proxy, the client is the address the proxy saw: the rightmost
	 * {@code X-Forwarded-For} entry that is not a trusted proxy. What the client wrote to
	 * the left of it changes nothing. A CDN in front of the edge is trusted once listed.
	 */
	@Nested
	@TestPropertySource(properties = { "xsen.claims.trust-proxy=true", "xsen.claims.trusted-proxies=173.245.48.0/20" })
	class BehindATrustedProxy {

		@Test
		void eachAddressThatTheProxySawHasItsOwnLimit() {
			for (int i = 1; i <= LIMIT + 1; i++) {
				claim(ClaimRateLimitIntegrationTests.this.client, "198.51.100." + i).expectStatus().isNotFound();
			}
			// An internal hop (Railway's own network) between the edge and XSEN is
			// skipped.
			for (int i = 1; i <= LIMIT; i++) {
				claim(ClaimRateLimitIntegrationTests.this.client, "192.0.2.7, 10.0.0.1").expectStatus().isNotFound();
			}

			claim(ClaimRateLimitIntegrationTests.this.client, "192.0.2.7, 10.0.0.2").expectStatus()
				.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
			claim(ClaimRateLimitIntegrationTests.this.client, "198.51.100.200").expectStatus().isNotFound();
		}

		@Test
		void rotatingTheForgedLeftmostEntryStillCountsAgainstTheAddressTheProxySaw() {
			for (int i = 1; i <= LIMIT; i++) {
				claim(ClaimRateLimitIntegrationTests.this.client, "1.2.3." + i + ", 9.9.9.9").expectStatus()
					.isNotFound();
			}

			claim(ClaimRateLimitIntegrationTests.this.client, "1.2.3.99, 9.9.9.9").expectStatus()
				.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("rate_limited");
			assertThat(StripeApiFake.server().getAllServeEvents()).as("only the claims within the limit asked Stripe")
				.hasSize(LIMIT);
			claim(ClaimRateLimitIntegrationTests.this.client, "9.9.9.9, 1.2.3.4").expectStatus().isNotFound();
		}

		@Test
		void behindAListedCdnTheClientIsTheAddressTheCdnSaw() {
			for (int i = 1; i <= LIMIT; i++) {
				claim(ClaimRateLimitIntegrationTests.this.client, "1.2.4." + i + ", 203.0.113.9, 173.245.48.5")
					.expectStatus()
					.isNotFound();
			}

			claim(ClaimRateLimitIntegrationTests.this.client, "203.0.113.9, 173.245.48.6").expectStatus()
				.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
			// Another client behind the same CDN has its own limit.
			claim(ClaimRateLimitIntegrationTests.this.client, "203.0.113.10, 173.245.48.5").expectStatus().isNotFound();
		}

	}

}
