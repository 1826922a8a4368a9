package io.xsen.orchestrator;

import java.time.Duration;

import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one fixed-window counter behind the claim, console-login and access-link limits, on
 * PostgreSQL.
 */
@IntegrationTest
@CleanSlate
class RateWindowsIntegrationTests {

	// An hour, so that no test meets the end of its window.
	private static final RateWindows.Limit THREE_AN_HOUR = new RateWindows.Limit("test", Duration.ofHours(1), 3);

	@Autowired
	private RateWindows windows;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void requestsWithinTheLimitPassAndTheNextIsToldHowLongTheWindowLasts() {
		assertThat(this.windows.count(THREE_AN_HOUR, "192.0.2.1")).isZero();
		assertThat(this.windows.count(THREE_AN_HOUR, "192.0.2.1")).isZero();
		assertThat(this.windows.count(THREE_AN_HOUR, "192.0.2.1")).isZero();

		assertThat(this.windows.count(THREE_AN_HOUR, "192.0.2.1")).isBetween(1, 3600);
		assertThat(this.windows.count(THREE_AN_HOUR, "192.0.2.2")).isZero();
	}

	@Test
	void limitsCountApartForTheSameSubject() {
		for (int i = 0; i < 3; i++) {
			this.windows.count(THREE_AN_HOUR, "192.0.2.3");
		}

		assertThat(this.windows.count(new RateWindows.Limit("other", Duration.ofHours(1), 3), "192.0.2.3")).isZero();
	}

	@Test
	void waitingIsAskedWithoutCountingAndStartsOnceTheLimitIsReached() {
		this.windows.count(THREE_AN_HOUR, "192.0.2.4");
		this.windows.count(THREE_AN_HOUR, "192.0.2.4");
		assertThat(this.windows.secondsToWait(THREE_AN_HOUR, "192.0.2.4")).isZero();
		assertThat(this.windows.secondsToWait(THREE_AN_HOUR, "192.0.2.4")).isZero();

		this.windows.count(THREE_AN_HOUR, "192.0.2.4");

		assertThat(this.windows.secondsToWait(THREE_AN_HOUR, "192.0.2.4")).isBetween(1, 3600);
	}

	@Test
	void theFirstRequestOfAWindowSweepsEndedWindowsOfEveryLimit() {
		this.jdbc.sql("""
				INSERT INTO rate_windows (rate_key, window_start, window_end, requests)
				VALUES ('claim 192.0.2.9', now() - interval '2 minutes', now() - interval '1 minute', 7),
				       ('access-link-email old', now() - interval '2 hours', now() - interval '1 hour', 2)
				""").update();

		this.windows.count(THREE_AN_HOUR, "192.0.2.5");

		assertThat(this.jdbc.sql("SELECT rate_key FROM rate_windows").query(String.class).list())
			.containsExactly("test 192.0.2.5");
	}

}
