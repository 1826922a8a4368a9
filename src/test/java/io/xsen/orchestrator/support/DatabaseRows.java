package io.xsen.orchestrator.support;

import java.util.List;
import java.util.Map;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads and clears the service's tables, so tests assert on the rows a user's action left
 * behind.
 */
public final class DatabaseRows {

	private final JdbcClient jdbc;

	public DatabaseRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	// Instances of earlier test classes stay up and settle usage every second: a
	// truncate that meets one of their transactions in a deadlock tries again. The
	// minutes' shares are theirs, not a customer's: which instances serve a minute, and
	// which stopped within it.
	public void clear() {
		for (int attempt = 1;; attempt++) {
			try {
				this.jdbc.sql("TRUNCATE subscriptions, auth_tokens, stripe_events, checkout_claims, rate_windows,"
						+ " usage_periods, usage_minutes, idempotency_keys, meter_reports, email_outbox, access_links,"
						+ " customer_emails, subscription_items, catalog_products, catalog_prices,"
						+ " catalog_product_features, customer_entitlements")
					.update();
				// Every instance reads the emptied catalog again.
				this.jdbc.sql("UPDATE catalog_revision SET revision = revision + 1").update();
				return;
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt == 3) {
					throw ex;
				}
			}
		}
	}

	public Map<String, Object> subscription(String subscriptionId) {
		return this.jdbc.sql("SELECT * FROM subscriptions WHERE stripe_subscription_id = ?")
			.param(subscriptionId)
			.query()
			.singleRow();
	}

	public List<Map<String, Object>> subscriptions() {
		return this.jdbc.sql("SELECT * FROM subscriptions ORDER BY id").query().listOfRows();
	}

	public List<Map<String, Object>> events() {
		return this.jdbc.sql("SELECT * FROM stripe_events ORDER BY received_at").query().listOfRows();
	}

	public List<Map<String, Object>> tokens(String customerId) {
		return this.jdbc.sql("SELECT * FROM auth_tokens WHERE stripe_customer_id = ? ORDER BY id")
			.param(customerId)
			.query()
			.listOfRows();
	}

	public long count(String table) {
		return this.jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

}
