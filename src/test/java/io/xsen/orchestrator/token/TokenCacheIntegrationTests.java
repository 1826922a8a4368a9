package io.xsen.orchestrator.token;

import java.time.Duration;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.now;

/**
 * The token cache answers from memory, and still honours a change made anywhere (another
 * instance, an operator's SQL) within one second, because PostgreSQL announces every
 * change on the access channel.
 */
@IntegrationTest
class TokenCacheIntegrationTests {

	private static final String CUSTOMER = "cus_Cache7Qm2Vn8Xw";

	private static final String SUBSCRIPTION = "sub_1CacheB7WZ01zgkW";

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private DatabaseRows rows;

	@Autowired
	private PlatformTransactionManager transactions;

	@Autowired
	private AccessScenario scenario;

	@BeforeEach
	void activeBasicCustomer() {
		this.rows.clear();
		this.scenario.subscriptionIs(SUBSCRIPTION, CUSTOMER, "active", BASIC, now() - 100);
	}

	@Test
	void aTokenRevokedByAnotherInstanceIsRefusedWithinOneSecond() {
		String token = this.scenario.tokenFor(CUSTOMER);
		this.scenario.get("/api/chat", token).expectStatus().isOk();

		// As another instance would: straight in the database, through the notifying
		// trigger.
		this.jdbc.sql("UPDATE auth_tokens SET revoked_at = now() WHERE stripe_customer_id = ?")
			.param(CUSTOMER)
			.update();

		Awaitility.await()
			.atMost(Duration.ofSeconds(1))
			.untilAsserted(() -> this.scenario.get("/api/chat", token).expectStatus().isUnauthorized());
	}

	@Test
	void aCancellationMadeElsewhereIsRefusedWithinOneSecond() {
		String token = this.scenario.tokenFor(CUSTOMER);
		this.scenario.get("/api/chat", token).expectStatus().isOk();

		this.jdbc.sql("UPDATE subscriptions SET status = 'canceled' WHERE stripe_customer_id = ?")
			.param(CUSTOMER)
			.update();

		Awaitility.await()
			.atMost(Duration.ofSeconds(1))
			.untilAsserted(() -> this.scenario.get("/api/chat", token).expectStatus().isForbidden());
	}

	@Test
	void repeatedRequestsAreAnsweredFromMemoryUntilTheCustomerChanges() throws InterruptedException {
		String token = this.scenario.tokenFor(CUSTOMER);
		// Let the notices of issuing the token arrive, then cache an entry read after
		// them.
		Thread.sleep(1000);
		this.scenario.get("/api/chat", token).expectStatus().isOk();

		// A change that slips past the triggers shows the cache is what answers...
		new TransactionTemplate(this.transactions).executeWithoutResult(status -> {
			this.jdbc.sql("SET LOCAL session_replication_role = replica").update();
			this.jdbc.sql("UPDATE auth_tokens SET revoked_at = now() WHERE stripe_customer_id = ?")
				.param(CUSTOMER)
				.update();
		});
		this.scenario.get("/api/chat", token).expectStatus().isOk();

		// ...and the customer's change notice is what ends it.
		this.jdbc.sql("SELECT pg_notify(?, ?)")
			.param(AccessChangeListener.CHANNEL)
			.param(CUSTOMER)
			.query()
			.listOfRows();
		Awaitility.await()
			.atMost(Duration.ofSeconds(1))
			.untilAsserted(() -> this.scenario.get("/api/chat", token).expectStatus().isUnauthorized());
	}

}
