package io.xsen.orchestrator.usage;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The usage owed to Stripe Billing Meters ({@code STRIPE_METER_EVENT_NAME}): written in
 * the transaction that settles it, one row per customer and minute, for
 * {@link MeterReportSender} to deliver.
 */
@Component
class MeterReports {

	private final JdbcTemplate jdbc;

	private final boolean enabled;

	MeterReports(JdbcTemplate jdbc, UsageProperties properties) {
		this.jdbc = jdbc;
		this.enabled = properties.meterEventName() != null;
	}

	/**
	 * Adds the settled messages to each customer's report for the current minute; called
	 * inside the settlement's transaction.
	 */
	void record(List<PeriodSettlement> settlements) {
		if (!this.enabled) {
			return;
		}
		Map<String, Long> byCustomer = new TreeMap<>();
		settlements
			.forEach(settlement -> byCustomer.merge(settlement.period().customerId(), settlement.spent(), Long::sum));
		List<Object[]> rows = byCustomer.entrySet()
			.stream()
			.filter(entry -> entry.getValue() != 0)
			.map(entry -> new Object[] { entry.getKey(), entry.getValue() })
			.toList();
		// The minute is read from the clock as the statement runs, not when its
		// transaction began: a minute is reported once it closed a minute ago.
		this.jdbc.batchUpdate("""
				INSERT INTO meter_reports AS r (stripe_customer_id, minute, value)
				VALUES (?, date_trunc('minute', clock_timestamp()), ?)
				ON CONFLICT (stripe_customer_id, minute) DO UPDATE SET value = r.value + EXCLUDED.value
				""", rows);
	}

}
