package io.xsen.orchestrator.usage;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The usage owed to Stripe Billing Meters ({@code STRIPE_METER_EVENT_NAME}): written in
 * the transaction that settles it, one row per customer and minute, for
 * {@link MeterReportSender} to deliver.
 */
@Component
class MeterReports {

	private final JdbcClient jdbc;

	private final boolean enabled;

	MeterReports(JdbcClient jdbc, UsageProperties properties) {
		this.jdbc = jdbc;
		this.enabled = properties.meterEventName() != null;
	}

	/**
	 * Adds the settled messages to each customer's report for the current minute; called
	 * inside the settlement's transaction.
	 */
	void record(List<UsageCounters.Settlement> settlements) {
		if (!this.enabled) {
			return;
		}
		Map<String, Long> byCustomer = new TreeMap<>();
		settlements
			.forEach(settlement -> byCustomer.merge(settlement.period().customerId(), settlement.spent(), Long::sum));
		byCustomer.forEach((customerId, messages) -> {
			if (messages != 0) {
				this.jdbc.sql("""
						INSERT INTO meter_reports AS r (stripe_customer_id, minute, value)
						VALUES (:customer, date_trunc('minute', now()), :value)
						ON CONFLICT (stripe_customer_id, minute) DO UPDATE SET value = r.value + EXCLUDED.value
						""").param("customer", customerId).param("value", messages).update();
			}
		});
	}

}
