package io.xsen.orchestrator.token;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SecondInstance;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the service on one database: what one instance revokes, rotates or
 * cancels is refused by the other within a second, and the token cleanup both schedule
 * runs once.
 */
@IntegrationTest
class TwoInstanceAccessIntegrationTests {

	private static final String CUSTOMER = "cus_RTwinAccess5Lp8";

	private static final String SUBSCRIPTION = "sub_1RTwinAccessQ3vN7yz";

	private static final Duration PROPAGATION = Duration.ofSeconds(1);

	private static final int STALE = 200;

	@Autowired
	private RestTestClient first;

	private final RestTestClient second = SecondInstance.client();

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private DatabaseRows rows;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private TokenCleanup firstCleanup;

	private AccessScenario onFirst;

	private AccessScenario onSecond;

	@BeforeEach
	void activeCustomerKnownToBoth() {
		this.rows.clear();
		this.onFirst = new AccessScenario(this.first);
		this.onSecond = new AccessScenario(this.second);
		this.onFirst.subscriptionIs(SUBSCRIPTION, CUSTOMER, "active", BASIC, now() - 100);
	}

	@Test
	void aTokenRevokedThroughOneInstanceIsRefusedByTheOtherWithinOneSecond() {
		String token = this.onFirst.tokenFor(CUSTOMER);
		servedByBoth(token);

		this.first.delete()
			.uri("/api/token")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isNoContent();

		await().atMost(PROPAGATION)
			.pollInterval(Duration.ofMillis(25))
			.untilAsserted(() -> refused(this.onSecond, token));
		refused(this.onFirst, token);
	}

	@Test
	void aTokenRotatedThroughOneInstanceIsRefusedByTheOtherWithinOneSecondAndTheNewOneWorksThere() {
		String old = this.onFirst.tokenFor(CUSTOMER);
		servedByBoth(old);

		String rotated = json(this.onSecond.post("/api/token/rotate", old).expectStatus().isCreated()).path("token")
			.stringValue();

		await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(25)).untilAsserted(() -> refused(this.onFirst, old));
		servedByBoth(rotated);
	}

	@Test
	void aSubscriptionCancelledThroughOneInstanceIsRefusedByTheOtherWithinOneSecond() {
		String token = this.onFirst.tokenFor(CUSTOMER);
		servedByBoth(token);

		this.onFirst
			.deliver("customer.subscription.deleted", now(),
					StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "canceled", BASIC, inDays(30)))
			.expectStatus()
			.isOk();

		await().atMost(PROPAGATION)
			.pollInterval(Duration.ofMillis(25))
			.untilAsserted(() -> this.onSecond.get("/api/chat", token)
				.expectStatus()
				.isEqualTo(HttpStatus.FORBIDDEN)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("subscription_inactive"));
	}

	@Test
	void theTokenCleanupFiredOnBothInstancesAtOnceDeletesEachRowOnceAndNeitherFails() throws Exception {
		staleTokens();
		TokenCleanup secondCleanup = SecondInstance.context().getBean(TokenCleanup.class);
		try (Connection blocker = this.dataSource.getConnection()) {
			// One stale row held: whichever instance wins the cleanup lock is still
			// deleting when the other one fires.
			blocker.setAutoCommit(false);
			try (PreparedStatement lock = blocker.prepareStatement(
					"SELECT id FROM auth_tokens WHERE expires_at < now() - interval '7 days' ORDER BY id LIMIT 1 "
							+ "FOR UPDATE")) {
				lock.executeQuery().close();
			}
			CountDownLatch start = new CountDownLatch(1);
			CompletableFuture<Integer> onFirst = CompletableFuture
				.supplyAsync(() -> runAfter(start, this.firstCleanup));
			CompletableFuture<Integer> onSecond = CompletableFuture.supplyAsync(() -> runAfter(start, secondCleanup));
			start.countDown();

			Object skipped = CompletableFuture.anyOf(onFirst, onSecond).get(10, TimeUnit.SECONDS);

			assertThat(skipped).as("the instance that lost the lock skips at once").isEqualTo(-1);
			assertThat(List.of(onFirst, onSecond)).as("the winner is still deleting")
				.filteredOn(run -> !run.isDone())
				.hasSize(1);
			blocker.rollback();
			assertThat(List.of(onFirst.get(10, TimeUnit.SECONDS), onSecond.get(10, TimeUnit.SECONDS)))
				.containsExactlyInAnyOrder(STALE, -1);
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM auth_tokens").query(Long.class).single())
			.as("only the live token is left")
			.isEqualTo(1);
		assertThat(secondCleanup.run()).isZero();
		assertThat(this.firstCleanup.run()).isZero();
	}

	private void servedByBoth(String token) {
		// Several calls on each, so that any per-instance cache would be warm.
		for (int i = 0; i < 3; i++) {
			this.onFirst.get("/api/chat", token).expectStatus().isOk();
			this.onSecond.get("/api/chat", token).expectStatus().isOk();
		}
	}

	private static void refused(AccessScenario instance, String token) {
		instance.get("/api/chat", token)
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_token");
	}

	private static int runAfter(CountDownLatch start, TokenCleanup cleanup) {
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return cleanup.run();
	}

	private void staleTokens() {
		this.onFirst.tokenFor(CUSTOMER);
		this.jdbc
			.sql("""
					INSERT INTO auth_tokens (token_hash, token_prefix, stripe_customer_id, issued_via, expires_at, revoked_at)
					SELECT sha256(gen_random_uuid()::text::bytea), 'xsen_stale', 'cus_stale_' || g, 'admin',
					       now() - interval '8 days', CASE WHEN g % 2 = 0 THEN now() - interval '9 days' END
					FROM generate_series(1, :count) g
					""")
			.param("count", STALE)
			.update();
	}

}
