package io.xsen.orchestrator;

import java.util.UUID;

import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SignedWebhooks;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AdminApi.ADMIN_KEY;

/**
 * A database that answers with an error (here a trigger or a renamed column standing in
 * for a bug) is a 500 {@code internal_error}, not the 503 and {@code Retry-After} that
 * promise an outage will pass.
 */
@IntegrationTest
class DatabaseErrorIntegrationTests {

	private static final String CUSTOMER = "cus_QXgDbError0001";

	private static final String SUBSCRIPTION = "sub_1DbErrorB7WZ01zgk0001";

	private static final long T0 = 1_764_000_000L;

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private DatabaseRows rows;

	@BeforeEach
	void cleanSlate() {
		this.rows.clear();
		StripeApiFake.reset();
		this.jdbc.sql("""
				CREATE OR REPLACE FUNCTION xsen_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN RAISE EXCEPTION 'refused by the test'; END $$
				""").update();
	}

	@AfterEach
	void repairTheDatabase() {
		for (String table : new String[] { "stripe_events", "subscriptions", "auth_tokens" }) {
			this.jdbc.sql("DROP TRIGGER IF EXISTS xsen_test_refuse ON " + table).update();
		}
		this.jdbc.sql("""
				DO $$ BEGIN
				  IF EXISTS (SELECT 1 FROM information_schema.columns
				             WHERE table_name = 'auth_tokens' AND column_name = 'expires_at_broken') THEN
				    ALTER TABLE auth_tokens RENAME COLUMN expires_at_broken TO expires_at;
				  END IF;
				END $$
				""").update();
	}

	@Test
	void aWebhookTheDatabaseRefusesIs500() {
		refuse("INSERT", "stripe_events");

		SignedWebhooks.deliver(this.client, subscriptionEvent("evt_db_error").toString())
			.expectStatus()
			.isEqualTo(500)
			.expectHeader()
			.doesNotExist("Retry-After")
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("internal_error");
	}

	@Test
	void operatorRequestsTheDatabaseRefusesAre500() {
		SignedWebhooks.deliver(this.client, subscriptionEvent("evt_db_error").toString()).expectStatus().isOk();
		refuse("INSERT", "auth_tokens");
		refuse("UPDATE", "stripe_events");
		refuse("UPDATE", "subscriptions");
		StripeApiFake.customerSubscriptionsAre(CUSTOMER, StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active",
				"price_premium_monthly", T0 + 60 * 86400));

		for (String path : new String[] { "/admin/customers/" + CUSTOMER + "/tokens",
				"/admin/events/evt_db_error/replay" }) {
			this.client.post()
				.uri(path)
				.header("Authorization", "Bearer " + ADMIN_KEY)
				.exchange()
				.expectStatus()
				.isEqualTo(500)
				.expectHeader()
				.doesNotExist("Retry-After")
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("internal_error");
		}
	}

	@Test
	void aTokenCheckTheDatabaseRefusesIs500() {
		this.jdbc.sql("ALTER TABLE auth_tokens RENAME COLUMN expires_at TO expires_at_broken").update();

		this.client.get()
			.uri("/api/subscription")
			.header("Authorization", "Bearer xsen_" + (UUID.randomUUID() + "" + UUID.randomUUID()).substring(0, 43))
			.exchange()
			.expectStatus()
			.isEqualTo(500)
			.expectHeader()
			.doesNotExist("Retry-After")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("internal_error");
	}

	private void refuse(String operation, String table) {
		this.jdbc
			.sql("CREATE TRIGGER xsen_test_refuse BEFORE " + operation + " ON " + table
					+ " FOR EACH ROW EXECUTE FUNCTION xsen_test_refuse()")
			.update();
	}

	private static tools.jackson.databind.node.ObjectNode subscriptionEvent(String id) {
		return StripeFixtures.event(id, "customer.subscription.created", T0,
				StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_basic_monthly", T0 + 30 * 86400),
				StripeFixtures.CURRENT_API_VERSION);
	}

}
