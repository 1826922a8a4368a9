package io.xsen.orchestrator.email;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SecondInstance;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A customer's email changing in Stripe while other facts about the customer arrive: a
 * subscription recorded on another instance at that moment takes the new address, and no
 * transaction waits while Stripe is asked which of two same-second changes is current.
 */
@IntegrationTest
@CleanSlate
class CustomerEmailRaceIntegrationTests {

	private static final String CUSTOMER = "cus_TEmailRace7Qm2";

	private static final String SUBSCRIPTION = "sub_1TEmailRaceFirst4Kp";

	private static final String SECOND_SUBSCRIPTION = "sub_1TEmailRaceSecond8Jd";

	private static final String OLD = "old@example.com";

	private static final String NEW = "new@example.com";

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Autowired
	private RestTestClient client;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private DatabaseRows rows;

	private AccessScenario onFirst;

	private AccessScenario onSecond;

	@BeforeEach
	void twoInstances() {
		this.onFirst = new AccessScenario(this.client);
		this.onSecond = new AccessScenario(SecondInstance.client());
	}

	@Test
	void aSubscriptionRecordedOnAnotherInstanceWhileTheEmailChangesTakesTheNewAddress() throws Exception {
		checkoutCompleted(this.onFirst, "cs_test_a1EmailRaceFirst5Tq", SUBSCRIPTION).expectStatus().isOk();
		this.onFirst.stripeHolds(SECOND_SUBSCRIPTION, CUSTOMER, "active", BASIC, inDays(30));
		CompletableFuture<String> change;
		CompletableFuture<String> secondCheckout;
		try (Connection blocker = this.dataSource.getConnection()) {
			// The change stops at the subscription it rewrites, its own writes not yet
			// committed.
			blocker.setAutoCommit(false);
			try (PreparedStatement lock = blocker
				.prepareStatement("SELECT id FROM subscriptions WHERE stripe_subscription_id = ? FOR UPDATE")) {
				lock.setString(1, SUBSCRIPTION);
				lock.executeQuery().close();
			}
			change = CompletableFuture.supplyAsync(() -> outcome(customerUpdated(this.onFirst, NEW)));
			await().atMost(WAIT).until(() -> waitingForLocks() == 1);

			secondCheckout = CompletableFuture.supplyAsync(() -> outcome(
					checkoutCompleted(this.onSecond, "cs_test_a1EmailRaceSecond2Wz", SECOND_SUBSCRIPTION)));
			// Whether it waits for the change or records at once is what the test tells.
			await().atMost(WAIT).until(() -> secondCheckout.isDone() || waitingForLocks() == 2);
			blocker.rollback();
		}

		assertThat(change.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("applied");
		assertThat(secondCheckout.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("applied");
		assertThat(this.rows.subscriptions()).extracting(row -> row.get("email")).containsOnly(NEW);
	}

	@Test
	void whileStripeIsAskedAboutTwoSameSecondChangesNoTransactionWaitsAndANewerChangeStillWins() {
		checkoutCompleted(this.onFirst, "cs_test_a1EmailRaceSlow9Hc", SUBSCRIPTION).expectStatus().isOk();
		long second = now() - 30;
		customerUpdated(this.onFirst, NEW, second).expectBody().jsonPath("$.outcome").isEqualTo("applied");
		StripeApiFake.customerIsSlow(StripeFixtures.customer(CUSTOMER, "between@example.com"), Duration.ofMillis(1500));

		CompletableFuture<String> tie = CompletableFuture
			.supplyAsync(() -> outcome(customerUpdated(this.onFirst, "other@example.com", second)));
		await().atMost(WAIT).until(() -> StripeApiFake.requestsTo("/v1/customers/" + CUSTOMER) == 1);

		customerUpdated(this.onFirst, "latest@example.com", now()).expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("applied");
		assertThat(tie).as("the tie's Stripe read is still in flight").isNotDone();
		assertThat(tie).succeedsWithin(WAIT).isEqualTo("stale");
		assertThat(this.rows.subscriptions()).extracting(row -> row.get("email")).containsOnly("latest@example.com");
	}

	private RestTestClient.ResponseSpec checkoutCompleted(AccessScenario instance, String session,
			String subscription) {
		this.onFirst.stripeHolds(subscription, CUSTOMER, "active", BASIC, inDays(30));
		return instance.deliver("checkout.session.completed", now() - 60,
				StripeFixtures.completedCheckout(session, CUSTOMER, subscription, OLD));
	}

	private static RestTestClient.ResponseSpec customerUpdated(AccessScenario instance, String email) {
		return customerUpdated(instance, email, now());
	}

	private static RestTestClient.ResponseSpec customerUpdated(AccessScenario instance, String email, long created) {
		return instance.deliver("customer.updated", created, StripeFixtures.customer(CUSTOMER, email));
	}

	private static String outcome(RestTestClient.ResponseSpec response) {
		return json(response.expectStatus().isOk()).path("outcome").stringValue();
	}

	// Backends of this test's database waiting for a lock another transaction holds.
	private long waitingForLocks() {
		return this.jdbc.sql("""
				SELECT count(*) FROM pg_stat_activity
				WHERE datname = current_database() AND wait_event_type = 'Lock'
				""").query(Long.class).single();
	}

}
