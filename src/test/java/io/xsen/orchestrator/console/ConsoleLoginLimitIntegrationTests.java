package io.xsen.orchestrator.console;

import java.net.http.HttpResponse;

import io.xsen.orchestrator.support.AdminApi;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong admin keys count per client address against the per-minute limit of token claims;
 * past it, even the right key waits.
 */
@IntegrationTest
@CleanSlate
// The same settings as ClaimRateLimitIntegrationTests, so both share one running
// service.
@TestPropertySource(properties = { "xsen.claims.rate-per-minute=10", "xsen.claims.trust-proxy=false" })
class ConsoleLoginLimitIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void pastTenWrongKeysInAMinuteTheAddressIsToldToWait() throws InterruptedException {
		startOfAMinute();
		ConsoleHttp browser = new ConsoleHttp(this.port);
		for (int attempt = 1; attempt <= 10; attempt++) {
			assertThat(browser.signIn("wrong-key-" + attempt).headers().firstValue("Location")).as("attempt " + attempt)
				.hasValueSatisfying(to -> assertThat(to).endsWith("/console/login?error"));
		}

		HttpResponse<String> refused = browser.signIn(AdminApi.ADMIN_KEY);

		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After"))
			.hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
		assertThat(refused.body()).contains("Too many wrong keys");
		assertThat(browser.get("/console").statusCode()).isEqualTo(302);
	}

	@Test
	void aRightKeyDoesNotCountAgainstTheLimit() throws InterruptedException {
		startOfAMinute();
		for (int attempt = 1; attempt <= 12; attempt++) {
			assertThat(new ConsoleHttp(this.port).signIn(AdminApi.ADMIN_KEY).headers().firstValue("Location"))
				.hasValueSatisfying(to -> assertThat(to).endsWith("/console"));
		}
	}

	// The limit counts per clock minute: a run that straddles one would count twice.
	private void startOfAMinute() throws InterruptedException {
		double second = this.jdbc.sql("SELECT extract(second FROM clock_timestamp())::float8")
			.query(Double.class)
			.single();
		if (second > 45) {
			Thread.sleep((long) ((60.5 - second) * 1000));
		}
	}

}
