package io.xsen.orchestrator;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Fixed-window request counts in PostgreSQL behind every per-client limit (token claims,
 * console logins, access link requests), so every instance enforces one shared limit by
 * the database's clock.
 */
@Component
public class RateWindows {

	private final JdbcClient jdbc;

	RateWindows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Counts one request of {@code subject} (a client address, an email's hash) against
	 * {@code limit}.
	 * @return 0 when the request is within the limit, else the seconds until the window
	 * ends
	 */
	public int count(Limit limit, String subject) {
		Window window = this.jdbc.sql("""
				INSERT INTO rate_windows (rate_key, window_start, window_end, requests)
				VALUES (:key, to_timestamp(floor(extract(epoch FROM now()) / :seconds) * :seconds),
				        to_timestamp((floor(extract(epoch FROM now()) / :seconds) + 1) * :seconds), 1)
				ON CONFLICT (rate_key, window_start) DO UPDATE SET requests = rate_windows.requests + 1
				RETURNING requests, GREATEST(1, ceil(extract(epoch FROM window_end - now())))::int AS seconds_left
				""")
			.param("key", limit.key(subject))
			.param("seconds", limit.window().toSeconds())
			.query(Window.class)
			.single();
		if (window.requests() == 1) {
			// The first request of a window sweeps ended windows: the table stays small.
			this.jdbc.sql("DELETE FROM rate_windows WHERE window_end < now()").update();
		}
		return (window.requests() > limit.perWindow()) ? window.secondsLeft() : 0;
	}

	/**
	 * How long {@code subject} must wait before its next request, without counting one: 0
	 * while it is within {@code limit}.
	 */
	public int secondsToWait(Limit limit, String subject) {
		return this.jdbc.sql("""
				SELECT GREATEST(1, ceil(extract(epoch FROM window_end - now())))::int
				  FROM rate_windows
				 WHERE rate_key = :key AND window_start <= now() AND window_end > now() AND requests >= :limit
				""")
			.param("key", limit.key(subject))
			.param("limit", limit.perWindow())
			.query(Integer.class)
			.optional()
			.orElse(0);
	}

	/**
	 * A limit of {@code perWindow} requests per subject in each fixed {@code window}; its
	 * {@code name} keeps its counts apart from every other limit's.
	 */
	public record Limit(String name, Duration window, int perWindow) {

		String key(String subject) {
			return this.name + " " + subject;
		}

	}

	private record Window(int requests, int secondsLeft) {
	}

}
