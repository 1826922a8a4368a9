package io.xsen.orchestrator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.xsen.orchestrator.config.DatabaseUrl;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.SignedWebhooks;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import io.xsen.orchestrator.support.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On shutdown (Railway's SIGTERM) the service stops taking requests but finishes the
 * webhooks it is already applying.
 */
class GracefulShutdownIntegrationTests {

	private static final String CUSTOMER = "cus_RShutdown0Graceful";

	private static final String SUBSCRIPTION = "sub_1QShutdownGracefulA1";

	private static final Duration STRIPE_DELAY = Duration.ofSeconds(3);

	@Test
	void aWebhookInFlightWhenShutdownBeginsCompletesAndIsStored() throws Exception {
		DatabaseRows rows = new DatabaseRows(JdbcClient.create(dataSource()));
		rows.clear();
		StripeApiFake.reset();
		// checkout.session.completed reads the subscription from Stripe: a slow answer
		// keeps the delivery in flight.
		StripeApiFake.subscriptionIsSlow(
				StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_basic_monthly", 1_766_592_000L),
				STRIPE_DELAY);
		ConfigurableApplicationContext service = start();
		String payload = StripeFixtures
			.event("evt_1QShutdownInFlight", "checkout.session.completed", 1_764_000_000L,
					StripeFixtures.completedCheckout("cs_test_shutdown", CUSTOMER, SUBSCRIPTION, "grace@example.com"),
					StripeFixtures.CURRENT_API_VERSION)
			.toString();

		CompletableFuture<HttpResponse<String>> delivery = deliver(port(service), payload);
		awaitStripeCalled();
		boolean inFlightWhenShutdownBegan = !delivery.isDone();
		CompletableFuture<Void> shutdown = CompletableFuture.runAsync(service::close);
		HttpResponse<String> response = delivery.get();
		shutdown.get();

		assertThat(inFlightWhenShutdownBegan).isTrue();
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"outcome\":\"applied\"");
		assertThat(rows.subscription(SUBSCRIPTION)).containsEntry("status", "active")
			.containsEntry("email", "grace@example.com");
		assertThat(rows.events()).singleElement().satisfies(e -> assertThat(e).containsEntry("status", "processed"));
	}

	private static ConfigurableApplicationContext start() {
		DatabaseUrl database = TestDatabase.get();
		return new SpringApplicationBuilder(XsenApplication.class).profiles("test")
			.run("--server.port=0", "--spring.datasource.url=" + database.jdbcUrl(),
					"--spring.datasource.username=" + database.username(),
					"--spring.datasource.password=" + database.password(),
					"--xsen.stripe.api-base=" + StripeApiFake.baseUrl(),
					"--xsen.stripe.read-timeout=" + STRIPE_DELAY.multipliedBy(4).toSeconds() + "s");
	}

	private static int port(ConfigurableApplicationContext service) {
		return service.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static CompletableFuture<HttpResponse<String>> deliver(int port, String payload) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/stripe"))
			.header("Content-Type", "application/json")
			.header("Stripe-Signature", SignedWebhooks.signature(payload))
			.POST(HttpRequest.BodyPublishers.ofString(payload))
			.build();
		return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
	}

	// Stripe has the request: the delivery is now in flight for STRIPE_DELAY.
	private static void awaitStripeCalled() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (StripeApiFake.requestsTo("/v1/subscriptions/" + SUBSCRIPTION) == 0) {
			assertThat(System.nanoTime()).as("webhook reached the Stripe API").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	private static DriverManagerDataSource dataSource() {
		DatabaseUrl database = TestDatabase.get();
		return new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
	}

}
