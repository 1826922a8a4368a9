package io.xsen.orchestrator.config;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.SecondInstance;
import io.xsen.orchestrator.support.SignedWebhooks;
import io.xsen.orchestrator.support.StripeFixtures;
import io.xsen.orchestrator.support.TcpProxy;
import io.xsen.orchestrator.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.PREMIUM;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.AdminApi.ADMIN_KEY;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance reaches PostgreSQL (its pool and its change notifications) through a proxy
 * whose network goes silent, connections kept open and no reset sent: a request in flight
 * answers 503 within {@code XSEN_DATABASE_TIMEOUT} plus five seconds, and the instance
 * recovers by itself once the network returns, its scheduled work included.
 */
class SilentDatabaseIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final Duration ANSWERED_WITHIN = TIMEOUT.plusSeconds(5);

	private static final Duration RECOVERED_WITHIN = Duration.ofSeconds(20);

	private static final String CUSTOMER = "cus_SilentNet7Qa2";

	private static final String SUBSCRIPTION = "sub_1SilentNetwork5Hx";

	private static final String DEAD_TOKEN_CUSTOMER = "cus_SilentCleanup3Wd";

	private static TcpProxy proxy;

	private static ConfigurableApplicationContext instance;

	private static RestTestClient client;

	// The test reads and locks rows directly, not through the proxy the instance uses.
	private final JdbcClient direct = JdbcClient.create(new DriverManagerDataSource(TestDatabase.get().jdbcUrl(),
			TestDatabase.get().username(), TestDatabase.get().password()));

	@BeforeAll
	static void instanceBehindTheProxy() throws IOException {
		URI database = URI.create(TestDatabase.get().jdbcUrl().substring("jdbc:".length()));
		proxy = new TcpProxy(database.getHost(), (database.getPort() != -1) ? database.getPort() : 5432);
		String throughProxy = TestDatabase.railwayUrl(TestDatabase.get())
			.replace(database.getHost() + ":" + database.getPort(), "127.0.0.1:" + proxy.port());
		instance = SecondInstance.start("--DATABASE_URL=" + throughProxy,
				"--XSEN_DATABASE_TIMEOUT=" + TIMEOUT.toSeconds() + "s", "--xsen.tokens.cleanup-interval=1s");
		client = SecondInstance.client(instance);
	}

	@AfterAll
	static void stopInstance() throws IOException {
		instance.close();
		proxy.close();
	}

	@BeforeEach
	void cleanSlate() {
		new DatabaseRows(this.direct).clear();
	}

	@AfterEach
	void networkReturns() {
		proxy.restore();
	}

	@Test
	void aDeliveryInFlightWhenTheNetworkFallsSilentIs503WithinTheBoundAndIsAppliedOnceTheNetworkReturns()
			throws Exception {
		AccessScenario stripe = new AccessScenario(client);
		stripe
			.deliver("customer.subscription.created", now() - 60,
					StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", BASIC, inDays(30)))
			.expectStatus()
			.isOk();
		String upgrade = StripeFixtures
			.event("evt_silent_upgrade", "customer.subscription.updated", now(),
					StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", PREMIUM, inDays(30)),
					StripeFixtures.CURRENT_API_VERSION)
			.toString();

		CompletableFuture<EntityExchangeResult<byte[]>> delivery;
		long silentFrom;
		try (Connection holder = directConnection()) {
			// The delivery's update waits on this lock, so it is in flight when the
			// network falls silent.
			lockRow(holder, "SELECT 1 FROM subscriptions WHERE stripe_subscription_id = ? FOR UPDATE", SUBSCRIPTION);
			delivery = CompletableFuture
				.supplyAsync(() -> SignedWebhooks.deliver(client, upgrade).expectBody().returnResult());
			awaitAStatementWaitingOnALock();
			proxy.silence();
			silentFrom = System.nanoTime();
			holder.rollback();
		}
		EntityExchangeResult<byte[]> answer = delivery.get(ANSWERED_WITHIN.plusSeconds(10).toSeconds(),
				TimeUnit.SECONDS);
		Duration waited = Duration.ofNanos(System.nanoTime() - silentFrom);
		System.out.printf("A delivery in flight when the network fell silent was answered after %d ms%n",
				waited.toMillis());

		assertThat(answer.getStatus().value()).isEqualTo(503);
		assertThat(answer.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("30");
		assertThat(json(answer).path("code").stringValue()).isEqualTo("database_unavailable");
		assertThat(waited).isLessThan(ANSWERED_WITHIN);
		assertThat(this.direct.sql("SELECT tier FROM subscriptions WHERE stripe_subscription_id = ?")
			.param(SUBSCRIPTION)
			.query(String.class)
			.single()).isEqualTo("basic");

		proxy.restore();

		// Stripe redelivers until it gets a 2xx.
		await().atMost(RECOVERED_WITHIN)
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(json(SignedWebhooks.deliver(client, upgrade)).path("outcome").stringValue())
				.isEqualTo("applied"));
		assertThat(this.direct.sql("SELECT tier FROM subscriptions WHERE stripe_subscription_id = ?")
			.param(SUBSCRIPTION)
			.query(String.class)
			.single()).isEqualTo("premium");
		client.get().uri("/health").exchange().expectStatus().isOk();
		await().atMost(RECOVERED_WITHIN).until(SilentDatabaseIntegrationTests::tokenCacheTrusted);
	}

	@Test
	void aCustomersUsageReadInFlightWhenTheNetworkFallsSilentIs503WithinTheBoundAndAnswersOnceTheNetworkReturns()
			throws Exception {
		AccessScenario scenario = new AccessScenario(client);
		scenario.subscriptionIs(SUBSCRIPTION, CUSTOMER, "active", BASIC, now() - 60);
		String token = scenario.tokenFor(CUSTOMER);

		CompletableFuture<EntityExchangeResult<byte[]>> usage;
		long silentFrom;
		try (Connection holder = directConnection()) {
			// The usage read waits on this lock, so it is in flight when the network
			// falls silent.
			try (Statement lock = holder.createStatement()) {
				lock.execute("LOCK TABLE usage_periods IN ACCESS EXCLUSIVE MODE");
			}
			usage = CompletableFuture.supplyAsync(() -> scenario.get("/api/usage", token).expectBody().returnResult());
			awaitAStatementWaitingOnALock();
			proxy.silence();
			silentFrom = System.nanoTime();
			holder.rollback();
		}
		EntityExchangeResult<byte[]> answer = usage.get(ANSWERED_WITHIN.plusSeconds(10).toSeconds(), TimeUnit.SECONDS);
		Duration waited = Duration.ofNanos(System.nanoTime() - silentFrom);
		System.out.printf("A usage read in flight when the network fell silent was answered after %d ms%n",
				waited.toMillis());

		assertThat(answer.getStatus().value()).isEqualTo(503);
		assertThat(answer.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("30");
		assertThat(json(answer).path("code").stringValue()).isEqualTo("database_unavailable");
		assertThat(waited).isLessThan(ANSWERED_WITHIN);

		proxy.restore();

		await().atMost(RECOVERED_WITHIN)
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> scenario.get("/api/usage", token).expectStatus().isOk());
	}

	@Test
	void aStatementLongerThanTheBoundIsCancelledByPostgresqlAndTheDeliveryIs503() throws Exception {
		AccessScenario stripe = new AccessScenario(client);
		stripe
			.deliver("customer.subscription.created", now() - 60,
					StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", BASIC, inDays(30)))
			.expectStatus()
			.isOk();

		try (Connection holder = directConnection()) {
			// Held past the bound: the delivery's update waits on it until PostgreSQL
			// cancels the update.
			lockRow(holder, "SELECT 1 FROM subscriptions WHERE stripe_subscription_id = ? FOR UPDATE", SUBSCRIPTION);
			long sentAt = System.nanoTime();
			EntityExchangeResult<byte[]> answer = CompletableFuture
				.supplyAsync(() -> stripe
					.deliver("customer.subscription.updated", now(),
							StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", PREMIUM, inDays(30)))
					.expectBody()
					.returnResult())
				.get(ANSWERED_WITHIN.plusSeconds(10).toSeconds(), TimeUnit.SECONDS);
			Duration waited = Duration.ofNanos(System.nanoTime() - sentAt);

			assertThat(answer.getStatus().value()).isEqualTo(503);
			assertThat(json(answer).path("code").stringValue()).isEqualTo("database_unavailable");
			assertThat(waited).isLessThan(ANSWERED_WITHIN);
			assertThat(statementsWaitingOnALock()).as("statements still waiting on the held lock").isZero();
			holder.rollback();
		}
	}

	@Test
	void theTokenCleanupCutOffMidStatementRunsAgainOnceTheNetworkReturns() throws Exception {
		try (Connection holder = directConnection()) {
			// The scheduled cleanup's delete waits on this lock, so it is in flight when
			// its connection's packets start to be dropped. A cleanup that deletes the
			// row before it is locked finds it again on the next try.
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				this.direct.sql("""
						INSERT INTO auth_tokens (token_hash, token_prefix, stripe_customer_id, issued_via, expires_at)
						VALUES (sha256('silent-cleanup'), 'xsen_silent', ?, 'admin', now() - interval '8 days')
						ON CONFLICT DO NOTHING
						""").param(DEAD_TOKEN_CUSTOMER).update();
				return locked(holder, "SELECT 1 FROM auth_tokens WHERE stripe_customer_id = ? FOR UPDATE",
						DEAD_TOKEN_CUSTOMER);
			});
			awaitAStatementWaitingOnALock();
			proxy.blackHole();
			holder.rollback();
			proxy.restore();
		}

		await().atMost(RECOVERED_WITHIN)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.direct.sql("SELECT count(*) FROM auth_tokens WHERE stripe_customer_id = ?")
				.param(DEAD_TOKEN_CUSTOMER)
				.query(Long.class)
				.single() == 0);
	}

	private static Connection directConnection() throws SQLException {
		Connection connection = java.sql.DriverManager.getConnection(TestDatabase.get().jdbcUrl(),
				TestDatabase.get().username(), TestDatabase.get().password());
		connection.setAutoCommit(false);
		return connection;
	}

	private static void lockRow(Connection holder, String sql, String key) throws SQLException {
		assertThat(locked(holder, sql, key)).isTrue();
	}

	private static boolean locked(Connection holder, String sql, String key) throws SQLException {
		try (PreparedStatement lock = holder.prepareStatement(sql)) {
			lock.setString(1, key);
			return lock.executeQuery().next();
		}
	}

	private void awaitAStatementWaitingOnALock() {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> statementsWaitingOnALock() > 0);
	}

	private long statementsWaitingOnALock() {
		return this.direct.sql("""
				SELECT count(*) FROM pg_stat_activity
				WHERE datname = current_database() AND wait_event_type = 'Lock'
				""").query(Long.class).single();
	}

	private static boolean tokenCacheTrusted() {
		String metrics = client.get()
			.uri("/actuator/prometheus")
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return metrics != null && metrics.lines().anyMatch(line -> line.equals("xsen_token_cache_trusted 1.0"));
	}

}
