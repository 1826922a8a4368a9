package io.xsen.orchestrator.security;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts token claims, and failed console logins, per client address and minute in
 * PostgreSQL, so every instance enforces one shared limit.
 */
@Component
class ClaimRateLimit {

	private final JdbcClient jdbc;

	private final int perMinute;

	ClaimRateLimit(JdbcClient jdbc, ClaimProperties properties) {
		this.jdbc = jdbc;
		this.perMinute = properties.ratePerMinute();
	}

	/**
	 * Counts one claim from {@code address}.
	 * @return 0 when the claim is within the limit, else the seconds until the address
	 * may claim again
	 */
	int count(String address) {
		Window window = this.jdbc.sql("""
				INSERT INTO claim_rate_windows (client_address, window_start, requests)
				VALUES (:address, date_trunc('minute', now()), 1)
				ON CONFLICT (client_address, window_start) DO UPDATE SET requests = claim_rate_windows.requests + 1
				RETURNING requests,
				          GREATEST(1, ceil(extract(epoch FROM window_start + interval '1 minute' - now())))::int
				              AS seconds_left
				""").param("address", address).query(Window.class).single();
		if (window.requests() == 1) {
			// The first claim of a window sweeps the finished ones, so the table stays
			// small.
			this.jdbc.sql("DELETE FROM claim_rate_windows WHERE window_start < date_trunc('minute', now())").update();
		}
		return (window.requests() > this.perMinute) ? window.secondsLeft() : 0;
	}

	/**
	 * How long {@code key} must wait before it may count again, without counting: 0 while
	 * it is within the limit.
	 */
	int secondsToWait(String key) {
		return this.jdbc.sql("""
				SELECT GREATEST(1, ceil(extract(epoch FROM window_start + interval '1 minute' - now())))::int
				  FROM claim_rate_windows
				 WHERE client_address = :key AND window_start = date_trunc('minute', now()) AND requests >= :limit
				""").param("key", key).param("limit", this.perMinute).query(Integer.class).optional().orElse(0);
	}

	private record Window(int requests, int secondsLeft) {
	}

}
