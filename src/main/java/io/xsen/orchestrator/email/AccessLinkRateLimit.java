package io.xsen.orchestrator.email;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts access link requests per key (a client address, an email's hash) and window in
 * PostgreSQL, so every instance enforces one shared limit.
 */
@Component
class AccessLinkRateLimit {

	private final JdbcClient jdbc;

	AccessLinkRateLimit(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Counts one request under {@code key}.
	 * @return 0 when it is within {@code limit} per {@code window}, else the seconds
	 * until the window ends
	 */
	int count(String key, Duration window, int limit) {
		Window counted = this.jdbc.sql("""
				INSERT INTO access_link_rate_windows (rate_key, window_start, requests)
				VALUES (:key, to_timestamp(floor(extract(epoch FROM now()) / :seconds) * :seconds), 1)
				ON CONFLICT (rate_key, window_start) DO UPDATE SET requests = access_link_rate_windows.requests + 1
				RETURNING requests,
				          GREATEST(1, ceil(extract(epoch FROM window_start - now()) + :seconds))::int AS seconds_left
				""").param("key", key).param("seconds", window.toSeconds()).query(Window.class).single();
		if (counted.requests() == 1) {
			// The first request of a window sweeps the finished ones, so the table stays
			// small.
			this.jdbc.sql("DELETE FROM access_link_rate_windows WHERE window_start < now() - interval '1 day'")
				.update();
		}
		return (counted.requests() > limit) ? counted.secondsLeft() : 0;
	}

	private record Window(int requests, int secondsLeft) {
	}

}
