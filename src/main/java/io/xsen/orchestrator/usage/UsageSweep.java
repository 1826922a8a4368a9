package io.xsen.orchestrator.usage;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes what metering no longer needs: minutes that have passed (every minute),
 * idempotency keys older than a day and meter reports Stripe accepted more than a week
 * ago (every hour).
 */
@Component
class UsageSweep {

	private final JdbcClient jdbc;

	private final IdempotencyKeys idempotencyKeys;

	UsageSweep(JdbcClient jdbc, IdempotencyKeys idempotencyKeys) {
		this.jdbc = jdbc;
		this.idempotencyKeys = idempotencyKeys;
	}

	void sweepMinutes() {
		this.jdbc.sql("DELETE FROM usage_minutes WHERE minute < now() - interval '2 minutes'").update();
		this.jdbc.sql("DELETE FROM usage_minute_shares WHERE minute < now() - interval '2 minutes'").update();
	}

	void run() {
		this.idempotencyKeys.deleteExpired();
		this.jdbc.sql("DELETE FROM meter_reports WHERE status = 'sent' AND sent_at < now() - interval '7 days'")
			.update();
	}

}
