package io.xsen.orchestrator.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import io.xsen.orchestrator.billing.StripeApiUnavailable;
import io.xsen.orchestrator.billing.StripeBilling;
import io.xsen.orchestrator.billing.StripeRequestRejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the usage reports owed to Stripe Billing Meters once their minute has closed,
 * each claimed by one instance ({@code FOR UPDATE SKIP LOCKED}) and retried with backoff
 * until Stripe accepts it; the identifier {@code xsen-<customer>-<minute>} makes a
 * repeated delivery count once at Stripe.
 */
@Component
class MeterReportSender {

	private static final Logger logger = LoggerFactory.getLogger(MeterReportSender.class);

	private static final int BATCH = 50;

	private static final Duration MAX_BACKOFF = Duration.ofHours(1);

	private final JdbcClient jdbc;

	private final StripeBilling stripe;

	private final TransactionTemplate transactions;

	private final UsageProperties properties;

	MeterReportSender(JdbcClient jdbc, StripeBilling stripe, TransactionTemplate transactions,
			UsageProperties properties) {
		this.jdbc = jdbc;
		this.stripe = stripe;
		this.transactions = transactions;
		this.properties = properties;
	}

	/**
	 * Sends the reports that are due, a batch at a time.
	 * @return how many Stripe accepted
	 */
	int sendDue() {
		String eventName = this.properties.meterEventName();
		if (eventName == null) {
			return 0;
		}
		Integer sent = this.transactions.execute(status -> {
			// A minute is reported once every instance has settled it: a settlement
			// runs every second, so one whole minute later is safe.
			List<Report> due = this.jdbc.sql("""
					SELECT stripe_customer_id AS customer_id, minute, value, attempts
					FROM meter_reports
					WHERE status = 'pending' AND next_attempt_at <= now()
					  AND minute < date_trunc('minute', now()) - interval '1 minute'
					ORDER BY minute
					LIMIT :batch
					FOR UPDATE SKIP LOCKED
					""").param("batch", BATCH).query(Report.class).list();
			int accepted = 0;
			for (Report report : due) {
				if (deliver(eventName, report)) {
					accepted++;
				}
			}
			return accepted;
		});
		return (sent != null) ? sent : 0;
	}

	private boolean deliver(String eventName, Report report) {
		Instant minute = report.minute().toInstant();
		String identifier = "xsen-" + report.customerId() + "-" + minute.getEpochSecond();
		try {
			if (report.value() > 0) {
				this.stripe.reportMeterEvent(eventName, report.customerId(), report.value(), minute, identifier);
			}
			this.jdbc
				.sql("""
						UPDATE meter_reports SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL
						WHERE stripe_customer_id = :customer AND minute = :minute
						""")
				.param("customer", report.customerId())
				.param("minute", report.minute())
				.update();
			return true;
		}
		catch (StripeApiUnavailable | StripeRequestRejected ex) {
			Duration backoff = backoff(report.attempts() + 1);
			logger.warn("Stripe did not take usage report {}, retrying in {}: {}", identifier, backoff,
					ex.getMessage());
			this.jdbc.sql("""
					UPDATE meter_reports
					   SET attempts = attempts + 1, last_error = :error,
					       next_attempt_at = now() + make_interval(secs => :seconds)
					WHERE stripe_customer_id = :customer AND minute = :minute
					""")
				.param("error", ex.getMessage())
				.param("seconds", (double) backoff.toSeconds())
				.param("customer", report.customerId())
				.param("minute", report.minute())
				.update();
			return false;
		}
	}

	// 10 s, 20 s, 40 s ... up to an hour between attempts.
	static Duration backoff(int attempts) {
		long seconds = 10L << Math.min(attempts - 1, 20);
		return (seconds > MAX_BACKOFF.toSeconds()) ? MAX_BACKOFF : Duration.ofSeconds(seconds);
	}

	private record Report(String customerId, OffsetDateTime minute, long value, int attempts) {
	}

}
