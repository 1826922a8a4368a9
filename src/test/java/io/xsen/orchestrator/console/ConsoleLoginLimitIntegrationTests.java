package io.xsen.orchestrator.console;

import java.net.http.HttpResponse;

import io.xsen.orchestrator.support.AdminApi;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import org.junit.jupiter.api.Nested;
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

	/**
	 * Behind Railway's proxy, wrong keys count against the address the proxy saw (the
	 * rightmost {@code X-Forwarded-For} entry), whatever the client wrote to its left.
	 */
	@Nested
	@TestPropertySource(properties = "xsen.claims.trust-proxy=true")
	class BehindATrustedProxy {

		private static final String[] FROM_OPERATOR = { "X-Forwarded-For", "203.0.113.50" };

		@LocalServerPort
		private int port;

		@Test
		void rotatingTheForgedLeftmostEntryStillCountsAgainstTheAddressTheProxySaw() throws InterruptedException {
			startOfAMinute();
			ConsoleHttp browser = new ConsoleHttp(this.port);
			for (int attempt = 1; attempt <= 10; attempt++) {
				assertThat(browser.signIn("wrong-key-" + attempt, "X-Forwarded-For", "1.2.3." + attempt + ", 9.9.9.9")
					.headers()
					.firstValue("Location")).as("attempt " + attempt)
					.hasValueSatisfying(to -> assertThat(to).endsWith("/console/login?error"));
			}

			HttpResponse<String> refused = browser.signIn(AdminApi.ADMIN_KEY, "X-Forwarded-For", "1.2.3.99, 9.9.9.9");

			assertThat(refused.statusCode()).isEqualTo(429);
			assertThat(new ConsoleHttp(this.port).signIn(AdminApi.ADMIN_KEY, FROM_OPERATOR)
				.headers()
				.firstValue("Location")).as("another address the proxy saw is not held back")
				.hasValueSatisfying(to -> assertThat(to).endsWith("/console"));
		}

		@Test
		void aSignInThatReachedTheProxyOverHttpsGetsASecureCookieAndHsts() {
			HttpResponse<String> signedIn = new ConsoleHttp(this.port).signIn(AdminApi.ADMIN_KEY, "X-Forwarded-For",
					"203.0.113.50", "X-Forwarded-Proto", "https");

			assertThat(signedIn.headers().firstValue("Location"))
				.hasValueSatisfying(to -> assertThat(to).endsWith("/console"));
			assertThat(signedIn.headers().allValues("Set-Cookie")).singleElement()
				.satisfies(cookie -> assertThat(cookie).contains("; Secure").contains("; SameSite=Strict"));
			assertThat(signedIn.headers().firstValue("Strict-Transport-Security"))
				.hasValue("max-age=31536000; includeSubDomains");
		}

		@Test
		void anOperatorsAddressForgedOnTheLeftNeverLocksTheOperatorOut() throws InterruptedException {
			startOfAMinute();
			ConsoleHttp attacker = new ConsoleHttp(this.port);
			for (int attempt = 1; attempt <= 12; attempt++) {
				attacker.signIn("wrong-key-" + attempt, "X-Forwarded-For", "203.0.113.50, 198.51.100.66");
			}

			HttpResponse<String> signedIn = new ConsoleHttp(this.port).signIn(AdminApi.ADMIN_KEY, FROM_OPERATOR);

			assertThat(signedIn.headers().firstValue("Location"))
				.hasValueSatisfying(to -> assertThat(to).endsWith("/console"));
			assertThat(
					attacker.signIn(AdminApi.ADMIN_KEY, "X-Forwarded-For", "203.0.113.50, 198.51.100.66").statusCode())
				.as("the attacker's own address is held back")
				.isEqualTo(429);
		}

	}

}
