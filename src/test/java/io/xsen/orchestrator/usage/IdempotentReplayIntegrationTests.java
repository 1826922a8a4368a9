package io.xsen.orchestrator.usage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.RawHttp;
import io.xsen.orchestrator.support.SecondInstance;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.PREMIUM;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A customer's retry with an {@code Idempotency-Key} gets the first answer and is never
 * served afresh: stored in PostgreSQL for 24 hours, the same on every instance, counted
 * once however many copies arrive at once; a refused first request stores nothing.
 */
@IntegrationTest
@CleanSlate
@TestPropertySource(properties = { UsageIntegrationTests.TEAM_RANK, UsageIntegrationTests.TEAM_PRICES,
		UsageIntegrationTests.BASIC_QUOTA, UsageIntegrationTests.BASIC_RATE, UsageIntegrationTests.PREMIUM_QUOTA,
		UsageIntegrationTests.PREMIUM_RATE, UsageIntegrationTests.TEAM_QUOTA, UsageIntegrationTests.TEAM_RATE,
		UsageIntegrationTests.POOL, UsageIntegrationTests.METER })
class IdempotentReplayIntegrationTests {

	private static final String TEAM = "price_team_monthly";

	private static final long PERIOD = 30 * 86_400L;

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@LocalServerPort
	private int port;

	private AccessScenario scenario;

	private String customer;

	private String subscription;

	private long periodEnd;

	@BeforeEach
	void newCustomer() {
		this.scenario = new AccessScenario(this.client);
		this.customer = "cus_Replay" + Long.toString(System.nanoTime(), 36);
		this.subscription = "sub_Replay" + this.customer.substring("cus_Replay".length());
		this.periodEnd = now() + 10 * 86_400L;
	}

	@Test
	void aRetryWithTheQuotaUsedUpGetsTheFirstAnswerAndSpendsNeitherAMessageNorARequestOfTheMinute() {
		// The test's requests must land in one clock minute.
		UsageIntegrationTests.withinOneMinute(this::newCustomer, () -> {
			String token = subscribed(BASIC);
			EntityExchangeResult<byte[]> first = chat(this.client, token, "msg-42");
			for (int i = 0; i < 4; i++) {
				assertThat(chat(this.client, token, null).getStatus().value()).isEqualTo(200);
			}

			List<EntityExchangeResult<byte[]>> retries = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				retries.add(chat(this.client, token, "msg-42"));
			}

			assertThat(first.getStatus().value()).isEqualTo(200);
			assertThat(first.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
			assertThat(first.getResponseHeaders().getFirst("RateLimit"))
				.matches("\"minute\";r=999;t=\\d+, \"period\";r=4;t=\\d+");
			assertThat(retries).allSatisfy(retry -> {
				assertThat(retry.getStatus().value()).isEqualTo(200);
				assertThat(retry.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
				assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
				assertThat(retry.getResponseHeaders().getFirst("RateLimit"))
					.isEqualTo(first.getResponseHeaders().getFirst("RateLimit"));
				assertThat(retry.getResponseHeaders().getFirst("RateLimit-Policy"))
					.isEqualTo("\"minute\";q=1000;w=60, \"period\";q=5;w=" + PERIOD);
				assertThat(retry.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
			});
			EntityExchangeResult<byte[]> fresh = chat(this.client, token, null);
			assertThat(json(fresh).path("code").stringValue()).isEqualTo("quota_exceeded");
			assertThat(fresh.getResponseHeaders().getFirst("RateLimit"))
				.as("five requests of the minute spent, none by the retries")
				.matches("\"minute\";r=995;t=\\d+, \"period\";r=0;t=\\d+");
			assertThat(json(get(this.client, "/api/usage", token)).path("messages_used").asLong()).isEqualTo(5);
			assertThat(this.jdbc.sql("""
					SELECT idempotency_key || ' ' || request_method || ' ' || request_path || ' ' || response_status
					FROM idempotency_keys WHERE stripe_customer_id = :customer
					""").param("customer", this.customer).query(String.class).list())
				.containsExactly("msg-42 GET /api/chat 200");
		});
	}

	@Test
	void aRetryThatReachesAnotherInstanceGetsTheSameStoredAnswer() {
		String token = subscribed(BASIC);
		EntityExchangeResult<byte[]> first = chat(this.client, token, "\"msg-7f3a\"");

		EntityExchangeResult<byte[]> retry = chat(SecondInstance.client(), token, "msg-7f3a");

		assertThat(retry.getStatus().value()).isEqualTo(200);
		assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
		assertThat(retry.getResponseHeaders().getFirst("RateLimit"))
			.isEqualTo(first.getResponseHeaders().getFirst("RateLimit"));
		assertThat(retry.getResponseHeaders().getFirst("RateLimit-Policy"))
			.isEqualTo(first.getResponseHeaders().getFirst("RateLimit-Policy"));
		assertThat(retry.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
		assertThat(json(get(this.client, "/api/usage", token)).path("messages_used").asLong()).isEqualTo(1);
	}

	@Test
	void aFirstRequestRefusedWith429StoresNothingAndItsKeyIsANewAttemptOnceThePeriodMovesOn() {
		String token = subscribed(BASIC);
		for (int i = 0; i < 5; i++) {
			chat(this.client, token, null);
		}

		EntityExchangeResult<byte[]> refused = chat(this.client, token, "msg-9");
		EntityExchangeResult<byte[]> refusedAgain = chat(this.client, token, "msg-9");
		long storedAfterRefusals = storedKeys();
		updated(BASIC, this.periodEnd + PERIOD, now() + 1);
		EntityExchangeResult<byte[]> afterRenewal = chat(this.client, token, "msg-9");

		assertThat(json(refused).path("code").stringValue()).isEqualTo("quota_exceeded");
		assertThat(json(refusedAgain).path("code").stringValue()).isEqualTo("quota_exceeded");
		assertThat(refusedAgain.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
		assertThat(storedAfterRefusals).isZero();
		assertThat(afterRenewal.getStatus().value()).isEqualTo(200);
		assertThat(afterRenewal.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
		assertThat(afterRenewal.getResponseHeaders().getFirst("RateLimit")).contains("\"period\";r=4;");
		assertThat(json(get(this.client, "/api/usage", token)).path("messages_used").asLong()).isEqualTo(1);
	}

	@Test
	void aFirstRequestOverTheMinuteLimitStoresNothingAndItsKeyIsServedAndCountedOnceAllowed() {
		// The test's requests must land in one clock minute.
		UsageIntegrationTests.withinOneMinute(this::newCustomer, () -> {
			String token = subscribed(PREMIUM);
			for (int i = 0; i < 3; i++) {
				assertThat(chat(this.client, token, null).getStatus().value()).isEqualTo(200);
			}

			EntityExchangeResult<byte[]> refused = chat(this.client, token, "msg-10");
			long storedAfterRefusal = storedKeys();
			// An upgrade lifts the minute's limit, as the next minute would.
			updated(TEAM, this.periodEnd, now() + 1);
			EntityExchangeResult<byte[]> allowed = chat(this.client, token, "msg-10");

			assertThat(json(refused).path("code").stringValue()).isEqualTo("rate_limited");
			assertThat(storedAfterRefusal).isZero();
			assertThat(allowed.getStatus().value()).isEqualTo(200);
			assertThat(allowed.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
			assertThat(json(get(this.client, "/api/usage", token)).path("messages_used").asLong()).isEqualTo(4);
		});
	}

	@Test
	void aFirstRequestRefusedWith401Or403StoresNothing() {
		String token = subscribed(BASIC);

		EntityExchangeResult<byte[]> unauthorized = chat(this.client, "xsen_NotAToken", "msg-11");
		EntityExchangeResult<byte[]> forbidden = exchange(this.client, HttpMethod.GET, "/api/chat/premium", token,
				"msg-11");
		long storedAfterRefusals = storedKeys();
		EntityExchangeResult<byte[]> served = chat(this.client, token, "msg-11");

		assertThat(unauthorized.getStatus().value()).isEqualTo(401);
		assertThat(forbidden.getStatus().value()).isEqualTo(403);
		assertThat(storedAfterRefusals).isZero();
		assertThat(served.getStatus().value()).isEqualTo(200);
		assertThat(served.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
		assertThat(json(get(this.client, "/api/usage", token)).path("messages_used").asLong()).isEqualTo(1);
	}

	@Test
	void theSameKeyOnAnotherMethodOrPathIsRefusedWith422AndChangesNothing() {
		String token = subscribed(BASIC);
		EntityExchangeResult<byte[]> first = chat(this.client, token, "msg-12");

		EntityExchangeResult<byte[]> otherPath = exchange(this.client, HttpMethod.GET, "/api/usage", token, "msg-12");
		EntityExchangeResult<byte[]> otherMethod = exchange(this.client, HttpMethod.POST, "/api/chat", token, "msg-12");

		for (EntityExchangeResult<byte[]> reused : List.of(otherPath, otherMethod)) {
			assertThat(reused.getStatus().value()).isEqualTo(422);
			assertThat(reused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(json(reused).path("code").stringValue()).isEqualTo("idempotency_key_reused");
		}
		EntityExchangeResult<byte[]> retry = chat(this.client, token, "msg-12");
		assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
		assertThat(retry.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
		assertThat(json(get(this.client, "/api/usage", token)).path("messages_used").asLong()).isEqualTo(1);
	}

	@Test
	void manyConcurrentCopiesOfOneKeyOnTwoInstancesAreServedOnceAndCountedOnce() {
		String token = subscribed(BASIC);
		List<RestTestClient> instances = List.of(this.client, SecondInstance.client());
		ExecutorService pool = Executors.newFixedThreadPool(20);
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<EntityExchangeResult<byte[]>>> copies = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			RestTestClient instance = instances.get(i % 2);
			copies.add(CompletableFuture.supplyAsync(() -> {
				awaitQuietly(start);
				return chat(instance, token, "msg-13");
			}, pool));
		}

		start.countDown();
		List<EntityExchangeResult<byte[]>> answers = copies.stream().map(CompletableFuture::join).toList();
		pool.shutdown();

		List<EntityExchangeResult<byte[]>> served = answers.stream()
			.filter(answer -> answer.getStatus().value() == 200
					&& answer.getResponseHeaders().getFirst("Idempotent-Replayed") == null)
			.toList();
		assertThat(served).hasSize(1);
		assertThat(answers).allSatisfy(answer -> {
			if (answer.getStatus().value() == 200) {
				assertThat(answer.getResponseBody()).isEqualTo(served.get(0).getResponseBody());
				assertThat(answer.getResponseHeaders().getFirst("RateLimit"))
					.isEqualTo(served.get(0).getResponseHeaders().getFirst("RateLimit"));
			}
			else {
				assertInUse(answer);
			}
		});
		// Each instance records what it served within a second.
		for (RestTestClient instance : instances) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(json(get(instance, "/api/usage", token)).path("messages_used").asLong())
					.isEqualTo(1));
		}
	}

	@Test
	void whileTheFirstRequestIsServedAnotherWithItsKeyAnswers409AndThenGetsItsAnswer() {
		String token = subscribed(BASIC);
		ObjectNode session = StripeFixtures.load("billing_portal_session");
		session.put("url", "https://billing.stripe.com/p/session/test_c2xvdw");
		// Stripe takes four seconds, long enough for the second request to arrive, on an
		// instance that waits for it longer than the tests' usual two.
		StripeApiFake.server()
			.stubFor(post(urlPathEqualTo("/v1/billing_portal/sessions"))
				.willReturn(okJson(session.toString()).withFixedDelay(4_000)));
		try (ConfigurableApplicationContext patient = SecondInstance.start("--xsen.stripe.read-timeout=30s")) {
			CompletableFuture<EntityExchangeResult<byte[]>> first = CompletableFuture
				.supplyAsync(() -> exchange(SecondInstance.client(patient), HttpMethod.POST,
						"/api/create-portal-session", token, "msg-14"));
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> storedKeys() == 1);

			EntityExchangeResult<byte[]> meanwhile = exchange(this.client, HttpMethod.POST,
					"/api/create-portal-session", token, "msg-14");
			EntityExchangeResult<byte[]> served = first.join();
			EntityExchangeResult<byte[]> after = exchange(this.client, HttpMethod.POST, "/api/create-portal-session",
					token, "msg-14");

			assertInUse(meanwhile);
			assertThat(served.getStatus().value()).isEqualTo(200);
			assertThat(json(served).path("url").stringValue())
				.isEqualTo("https://billing.stripe.com/p/session/test_c2xvdw");
			assertThat(after.getStatus().value()).isEqualTo(200);
			assertThat(after.getResponseBody()).isEqualTo(served.getResponseBody());
			assertThat(after.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
			assertThat(StripeApiFake.portalSessionRequests()).hasSize(1);
		}
	}

	@Test
	void aClaimLeftByAStoppedInstanceHoldsItsKeyForAMinuteOnly() {
		String token = subscribed(BASIC);
		leftInProgress("msg-15", Duration.ZERO);
		leftInProgress("msg-16", Duration.ofSeconds(61));

		EntityExchangeResult<byte[]> held = chat(this.client, token, "msg-15");
		EntityExchangeResult<byte[]> takenOver = chat(this.client, token, "msg-16");

		assertInUse(held);
		assertThat(takenOver.getStatus().value()).isEqualTo(200);
		assertThat(takenOver.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
		assertThat(chat(this.client, token, "msg-16").getResponseHeaders().getFirst("Idempotent-Replayed"))
			.isEqualTo("true");
		assertThat(json(get(this.client, "/api/usage", token)).path("messages_used").asLong()).isEqualTo(1);
	}

	@Test
	void aKeySentMoreThan24HoursAgoIsANewRequest() {
		String token = subscribed(BASIC);
		chat(this.client, token, "msg-17");
		this.jdbc.sql("UPDATE idempotency_keys SET first_seen_at = now() - interval '24 hours 1 second'").update();

		EntityExchangeResult<byte[]> later = chat(this.client, token, "msg-17");

		assertThat(later.getStatus().value()).isEqualTo(200);
		assertThat(later.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
		assertThat(later.getResponseHeaders().getFirst("RateLimit")).contains("\"period\";r=3;");
		assertThat(json(get(this.client, "/api/usage", token)).path("messages_used").asLong()).isEqualTo(2);
	}

	@Test
	void aKeyTooLongOrWithBytesOutsidePrintableAsciiIsRefusedWith400AndChangesNothing() {
		String token = subscribed(BASIC);
		List<byte[]> invalid = List.of("k".repeat(256).getBytes(StandardCharsets.US_ASCII),
				("\"" + "k".repeat(256) + "\"").getBytes(StandardCharsets.US_ASCII), new byte[0],
				"\"\"".getBytes(StandardCharsets.US_ASCII), "cl\u00e9-1".getBytes(StandardCharsets.UTF_8),
				"cl\u00e9-1".getBytes(StandardCharsets.ISO_8859_1), "\u20ac-1".getBytes(StandardCharsets.UTF_8),
				"msg\t18".getBytes(StandardCharsets.US_ASCII), "msg\u007f18".getBytes(StandardCharsets.US_ASCII),
				"msg\u000118".getBytes(StandardCharsets.US_ASCII));

		for (byte[] key : invalid) {
			RawHttp.Response refused = RawHttp.get(this.port, "/api/chat",
					List.of(Map.entry("Authorization", ("Bearer " + token).getBytes(StandardCharsets.US_ASCII)),
							Map.entry("Idempotency-Key", key)));

			assertThat(refused.status()).as(new String(key, StandardCharsets.ISO_8859_1)).isEqualTo(400);
			assertThat(refused.body()).as(new String(key, StandardCharsets.ISO_8859_1))
				.contains("\"code\":\"invalid_idempotency_key\"");
			assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		}
		assertThat(storedKeys()).isZero();
		assertThat(json(get(this.client, "/api/usage", token)).path("messages_used").asLong()).isZero();
		assertThat(chat(this.client, token, "\"" + "k".repeat(255) + "\"").getStatus().value()).isEqualTo(200);
	}

	@Test
	void aKeyThePostgresqlRefusesToRecordIsAProblemAndTheRequestIsNotServed() {
		String token = subscribed(BASIC);
		this.jdbc.sql("""
				CREATE FUNCTION xsen_test_refuse_key() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN RAISE EXCEPTION 'refused by the test'; END $$
				""").update();
		this.jdbc.sql("""
				CREATE TRIGGER xsen_test_refuse_key BEFORE INSERT ON idempotency_keys
				FOR EACH ROW EXECUTE FUNCTION xsen_test_refuse_key()
				""").update();
		EntityExchangeResult<byte[]> refused;
		try {
			refused = chat(this.client, token, "msg-20");
		}
		finally {
			this.jdbc.sql("DROP TRIGGER xsen_test_refuse_key ON idempotency_keys").update();
			this.jdbc.sql("DROP FUNCTION xsen_test_refuse_key()").update();
		}

		assertThat(refused.getStatus().value()).isEqualTo(500);
		assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(json(refused).path("code").stringValue()).isEqualTo("internal_error");
		assertThat(json(get(this.client, "/api/usage", token)).path("messages_used").asLong()).isZero();
	}

	@Test
	void aRetryIsAnsweredFromTheFirstAnswerWithMeteringOff() {
		String token = subscribed(BASIC);
		try (ConfigurableApplicationContext unmetered = SecondInstance.start("--xsen.usage.metering=false")) {
			RestTestClient instance = SecondInstance.client(unmetered);
			EntityExchangeResult<byte[]> first = chat(instance, token, "msg-19");

			EntityExchangeResult<byte[]> retry = chat(instance, token, "msg-19");

			assertThat(first.getResponseHeaders().getFirst("RateLimit")).isNull();
			assertThat(retry.getStatus().value()).isEqualTo(200);
			assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
			assertThat(retry.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
			assertThat(storedKeys()).isEqualTo(1);
		}
	}

	private static void assertInUse(EntityExchangeResult<byte[]> answer) {
		assertThat(answer.getStatus().value()).isEqualTo(409);
		assertThat(answer.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(json(answer).path("code").stringValue()).isEqualTo("idempotency_key_in_use");
	}

	// What an instance that stopped while serving the key's first request leaves.
	private void leftInProgress(String key, Duration ago) {
		this.jdbc.sql("""
				INSERT INTO idempotency_keys (stripe_customer_id, idempotency_key, request_method, request_path,
				                              first_seen_at)
				VALUES (:customer, :key, 'GET', '/api/chat', now() - make_interval(secs => :ago))
				""").param("customer", this.customer).param("key", key).param("ago", ago.toSeconds()).update();
	}

	private long storedKeys() {
		return this.jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE stripe_customer_id = :customer")
			.param("customer", this.customer)
			.query(Long.class)
			.single();
	}

	private String subscribed(String price) {
		updated(price, this.periodEnd, now() - 60);
		return this.scenario.tokenFor(this.customer);
	}

	private void updated(String price, long periodEnd, long created) {
		this.scenario
			.deliver("customer.subscription.updated", created,
					StripeFixtures.subscription(this.subscription, this.customer, "active", price, periodEnd))
			.expectStatus()
			.isOk();
	}

	private static EntityExchangeResult<byte[]> chat(RestTestClient instance, String token, @Nullable String key) {
		return exchange(instance, HttpMethod.GET, "/api/chat", token, key);
	}

	private static EntityExchangeResult<byte[]> get(RestTestClient instance, String path, String token) {
		return exchange(instance, HttpMethod.GET, path, token, null);
	}

	private static EntityExchangeResult<byte[]> exchange(RestTestClient instance, HttpMethod method, String path,
			String token, @Nullable String key) {
		return instance.method(method).uri(path).headers(headers -> {
			headers.setBearerAuth(token);
			if (key != null) {
				headers.set("Idempotency-Key", key);
			}
		}).exchange().expectBody().returnResult();
	}

	private static void awaitQuietly(CountDownLatch start) {
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
