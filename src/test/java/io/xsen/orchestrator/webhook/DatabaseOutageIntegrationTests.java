package io.xsen.orchestrator.webhook;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.xsen.orchestrator.config.DatabaseUrl;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import io.xsen.orchestrator.support.TcpProxy;
import io.xsen.orchestrator.support.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.SignedWebhooks.deliver;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service reaches PostgreSQL through a proxy the test cuts: deliveries during the
 * outage must get a 5xx and leave nothing half-written, and Stripe's redelivery after
 * recovery must apply them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@ActiveProfiles("test")
class DatabaseOutageIntegrationTests {

	private static final String CUSTOMER = "cus_QXg1o8vcGmoR32";

	private static final String SUBSCRIPTION = "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw";

	private static final long T0 = 1_764_000_000L;

	private static final TcpProxy proxy = startProxy();

	@Autowired
	private RestTestClient client;

	// Assertions read the database directly, not through the proxy the service uses.
	private final DatabaseRows rows = new DatabaseRows(JdbcClient.create(directDataSource()));

	@DynamicPropertySource
	static void throughProxy(DynamicPropertyRegistry registry) {
		DatabaseUrl database = TestDatabase.get();
		URI direct = URI.create(database.jdbcUrl().substring("jdbc:".length()));
		registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + proxy.port() + direct.getPath());
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
		registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
		registry.add("xsen.stripe.api-base", StripeApiFake::baseUrl);
	}

	@BeforeEach
	void cleanSlate() {
		proxy.restore();
		this.rows.clear();
	}

	// The context stays cached for later classes, an instance like the others: cut off
	// from PostgreSQL it would hold its share of every minute it claimed without serving
	// it, as a crashed instance does. The proxy closes with the JVM.
	@AfterAll
	static void reconnect() {
		proxy.restore();
	}

	@Test
	void deliveriesDuringAnOutageAre503AndTheirRedeliveryAppliesThem() {
		deliver(this.client, subscriptionEvent("evt_before", "customer.subscription.created", T0, "active"))
			.expectStatus()
			.isOk();

		proxy.cut();
		ObjectNode canceled = subscriptionEvent("evt_during", "customer.subscription.deleted", T0 + 60, "canceled");
		deliver(this.client, canceled).expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("database_unavailable");
		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "active");
		assertThat(this.rows.events()).extracting(e -> e.get("id")).containsExactly("evt_before");

		proxy.restore();
		assertThat(redeliverUntilAccepted(canceled)).contains("\"outcome\":\"applied\"");

		assertThat(this.rows.subscription(SUBSCRIPTION)).containsEntry("status", "canceled");
		assertThat(this.rows.events()).extracting(e -> e.get("id")).containsExactly("evt_before", "evt_during");
	}

	@Test
	void anOutageInTheMiddleOfDeliveriesLosesNothingOnceStripeRedelivers() throws Exception {
		List<ObjectNode> events = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			String subscription = "sub_outage" + i;
			String customer = "cus_outage" + i;
			StripeApiFake.subscriptionIs(StripeFixtures.subscription(subscription, customer, "active",
					"price_premium_monthly", T0 + 2 * 86400));
			events.add(StripeFixtures.event("evt_outage_created_" + i, "customer.subscription.created", T0,
					StripeFixtures.subscription(subscription, customer, "active", "price_basic_monthly", T0 + 86400),
					StripeFixtures.CURRENT_API_VERSION));
			events.add(StripeFixtures.event("evt_outage_upgraded_" + i, "customer.subscription.updated", T0 + 10,
					StripeFixtures.subscription(subscription, customer, "active", "price_premium_monthly", T0 + 86400),
					StripeFixtures.CURRENT_API_VERSION));
			events.add(StripeFixtures.event("evt_outage_paid_" + i, "invoice.payment_succeeded", T0 + 20, StripeFixtures
				.invoice("in_outage" + i, customer, subscription, "price_premium_monthly", T0 + 2 * 86400, 1999),
					StripeFixtures.CURRENT_API_VERSION));
		}
		Collections.shuffle(events, new Random(7));
		AtomicInteger answered = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(6);
		Thread outage = new Thread(() -> {
			while (answered.get() < events.size() / 3) {
				Thread.onSpinWait();
			}
			proxy.cut();
			sleep(1500);
			proxy.restore();
		});
		outage.start();
		List<ObjectNode> toRedeliver = new ArrayList<>();
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (ObjectNode event : events) {
				answers.add(pool.submit(() -> {
					int status = status(deliver(this.client, event));
					answered.incrementAndGet();
					return status;
				}));
			}
			for (int i = 0; i < events.size(); i++) {
				int status = answers.get(i).get();
				assertThat(status).isIn(200, 503);
				if (status != 200) {
					toRedeliver.add(events.get(i));
				}
			}
		}
		finally {
			outage.join();
			pool.shutdownNow();
		}
		assertThat(toRedeliver).as("deliveries that met the outage").isNotEmpty();

		// Stripe redelivers whatever did not get a 2xx.
		for (ObjectNode event : toRedeliver) {
			assertThat(redeliverUntilAccepted(event)).contains("\"received\":true");
		}

		assertThat(this.rows.subscriptions()).hasSize(30)
			.allSatisfy(row -> assertThat(row).containsEntry("status", "active")
				.containsEntry("tier", "premium")
				.containsEntry("current_period_end", Timestamp.from(Instant.ofEpochSecond(T0 + 2 * 86400))));
		assertThat(this.rows.events()).hasSize(90).allSatisfy(e -> assertThat(e).containsEntry("status", "processed"));
	}

	@Test
	void healthSaysDisconnectedWhileTheDatabaseIsAway() {
		this.client.get().uri("/health").exchange().expectStatus().isOk().expectBody().json("""
				{"status":"healthy","database":"connected"}""");

		proxy.cut();
		this.client.get()
			.uri("/health")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody()
			.json("""
					{"status":"unhealthy","database":"disconnected"}""");

		proxy.restore();
		// The first checks after recovery may still draw a connection the outage killed.
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> this.client.get().uri("/health").exchange().expectStatus().isOk());
	}

	private ObjectNode subscriptionEvent(String id, String type, long created, String status) {
		return StripeFixtures.event(id, type, created,
				StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, status, "price_basic_monthly", T0 + 30 * 86400),
				StripeFixtures.CURRENT_API_VERSION);
	}

	/**
	 * Redelivers as Stripe does until a 2xx: the first attempts after recovery may still
	 * meet pooled connections that the outage killed, and must then be 503 too.
	 */
	private String redeliverUntilAccepted(ObjectNode event) {
		for (int attempt = 1;; attempt++) {
			EntityExchangeResult<byte[]> result = deliver(this.client, event).expectBody().returnResult();
			if (result.getStatus().is2xxSuccessful()) {
				return new String(result.getResponseBodyContent(), StandardCharsets.UTF_8);
			}
			assertThat(result.getStatus().value()).isEqualTo(503);
			assertThat(attempt).as("redeliveries of %s", event.path("id").stringValue()).isLessThan(10);
			sleep(200);
		}
	}

	private static int status(RestTestClient.ResponseSpec response) {
		return response.expectBody().returnResult().getStatus().value();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static TcpProxy startProxy() {
		URI direct = URI.create(TestDatabase.get().jdbcUrl().substring("jdbc:".length()));
		try {
			return new TcpProxy(direct.getHost(), (direct.getPort() != -1) ? direct.getPort() : 5432);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static DriverManagerDataSource directDataSource() {
		DatabaseUrl database = TestDatabase.get();
		return new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
	}

}
