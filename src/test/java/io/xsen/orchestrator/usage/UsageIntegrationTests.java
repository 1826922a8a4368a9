package io.xsen.orchestrator.usage;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.xsen.orchestrator.config.DatabaseUrl;
import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SecondInstance;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import io.xsen.orchestrator.support.TcpProxy;
import io.xsen.orchestrator.support.TestDatabase;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.PREMIUM;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.AdminApi.ADMIN_KEY;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * A chatbot's messages counted against its customer's tier: the RateLimit fields, both
 * 429s, idempotent retries, the period moving on renewal, an upgrade, and exactness
 * across instances and restarts.
 */
@IntegrationTest
@CleanSlate
@TestPropertySource(properties = { UsageIntegrationTests.TEAM_RANK, UsageIntegrationTests.TEAM_PRICES,
		UsageIntegrationTests.BASIC_QUOTA, UsageIntegrationTests.BASIC_RATE, UsageIntegrationTests.PREMIUM_QUOTA,
		UsageIntegrationTests.PREMIUM_RATE, UsageIntegrationTests.TEAM_QUOTA, UsageIntegrationTests.TEAM_RATE,
		UsageIntegrationTests.POOL, UsageIntegrationTests.METER })
class UsageIntegrationTests {

	static final String TEAM_RANK = "xsen.tiers.team.rank=3";

	static final String TEAM_PRICES = "xsen.tiers.team.prices=price_team_monthly";

	static final String BASIC_QUOTA = "xsen.usage.tiers.basic.messages-per-period=5";

	static final String BASIC_RATE = "xsen.usage.tiers.basic.requests-per-minute=1000";

	static final String PREMIUM_QUOTA = "xsen.usage.tiers.premium.messages-per-period=1000";

	static final String PREMIUM_RATE = "xsen.usage.tiers.premium.requests-per-minute=3";

	static final String TEAM_QUOTA = "xsen.usage.tiers.team.messages-per-period=120";

	static final String TEAM_RATE = "xsen.usage.tiers.team.requests-per-minute=unlimited";

	static final String POOL = "spring.datasource.hikari.maximum-pool-size=6";

	static final String METER = "xsen.usage.meter-event-name=xsen_chat_messages";

	private static final String TEAM = "price_team_monthly";

	private static final long PERIOD = 30 * 86_400L;

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterReportSender meterReports;

	@Autowired
	private MinuteCounters minuteCounters;

	@Autowired
	private PeriodCounters periodCounters;

	@Autowired
	private UsageTime time;

	private AccessScenario scenario;

	private String customer;

	private String subscription;

	private long periodEnd;

	// The minutes a day ahead that tests claim are theirs: a test run in the same clock
	// minute as another starts on an unclaimed one.
	@BeforeEach
	void newCustomer() {
		this.jdbc.sql("DELETE FROM usage_minute_shares WHERE minute > now() + interval '1 hour'").update();
		this.scenario = new AccessScenario(this.client);
		this.customer = newCustomerId();
		this.subscription = "sub_Usage" + this.customer.substring("cus_Usage".length());
		this.periodEnd = now() + 10 * 86_400L;
	}

	@Test
	void eachMessageCountsDownBothPoliciesInTheRateLimitFields() {
		String token = subscribed(BASIC);

		EntityExchangeResult<byte[]> first = chat(this.client, token);
		EntityExchangeResult<byte[]> second = chat(this.client, token);

		assertThat(first.getStatus().value()).isEqualTo(200);
		assertThat(first.getResponseHeaders().getFirst("RateLimit-Policy"))
			.isEqualTo("\"minute\";q=1000;w=60, \"period\";q=5;w=" + PERIOD);
		assertThat(first.getResponseHeaders().getFirst("RateLimit"))
			.matches("\"minute\";r=999;t=\\d+, \"period\";r=4;t=\\d+");
		assertThat(reset(first, "minute")).isBetween(1L, 60L);
		assertThat(reset(first, "period")).isCloseTo(this.periodEnd - now(), within(5L));
		assertThat(second.getResponseHeaders().getFirst("RateLimit"))
			.matches("\"minute\";r=998;t=\\d+, \"period\";r=3;t=\\d+");
	}

	@Test
	void aCustomerOverTheQuotaIsRefusedUntilThePeriodEndsAndTheRefusalsCountNothing() {
		String token = subscribed(BASIC);
		for (int i = 0; i < 5; i++) {
			assertThat(chat(this.client, token).getStatus().value()).isEqualTo(200);
		}

		EntityExchangeResult<byte[]> refused = chat(this.client, token);

		assertThat(refused.getStatus().value()).isEqualTo(429);
		assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)))
			.isCloseTo(this.periodEnd - now(), within(5L));
		JsonNode problem = json(refused);
		assertThat(problem.path("code").stringValue()).isEqualTo("quota_exceeded");
		assertThat(problem.path("messages_limit").asLong()).isEqualTo(5);
		assertThat(Instant.parse(problem.path("period_end").stringValue()))
			.isEqualTo(Instant.ofEpochSecond(this.periodEnd));
		assertThat(get(this.client, "/api/chat/premium", token).getStatus().value())
			.as("a tier too low is refused before metering")
			.isEqualTo(403);
		JsonNode usage = json(get(this.client, "/api/usage", token));
		assertThat(usage.path("messages_used").asLong()).isEqualTo(5);
		assertThat(usage.path("messages_limit").asLong()).isEqualTo(5);
		assertThat(usage.path("messages_remaining").asLong()).isZero();
		assertThat(usage.path("requests_per_minute").asLong()).isEqualTo(1000);
		assertThat(Instant.parse(usage.path("period_start").stringValue()))
			.isEqualTo(Instant.ofEpochSecond(this.periodEnd - PERIOD));
		assertThat(Instant.parse(usage.path("period_end").stringValue()))
			.isEqualTo(Instant.ofEpochSecond(this.periodEnd));
		String metrics = new String(admin("/actuator/prometheus", ADMIN_KEY).getResponseBody(), StandardCharsets.UTF_8);
		assertThat(metrics).containsPattern("xsen_usage_messages_total\\{[^}]*tier=\"basic\"[^}]*\\} [1-9]")
			.containsPattern("xsen_usage_refused_total\\{[^}]*reason=\"quota_exceeded\"[^}]*\\} [1-9]");
	}

	@Test
	void theCustomerIsWarnedOnceAtEightyAndOnceAtAHundredPercentOfTheQuota() {
		String token = subscribed(BASIC);
		this.jdbc.sql("UPDATE subscriptions SET email = 'ada@example.com' WHERE stripe_subscription_id = :subscription")
			.param("subscription", this.subscription)
			.update();

		for (int i = 0; i < 4; i++) {
			chat(this.client, token);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> warnings().equals(List.of("quota_80")));
		for (int i = 0; i < 3; i++) {
			chat(this.client, token);
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> warnings().equals(List.of("quota_100", "quota_80")));
		assertThat(this.jdbc.sql("SELECT DISTINCT recipient FROM email_outbox WHERE stripe_subscription_id = :s")
			.param("s", this.subscription)
			.query(String.class)
			.list()).containsExactly("ada@example.com");
	}

	private List<String> warnings() {
		return this.jdbc
			.sql("SELECT kind FROM email_outbox WHERE stripe_subscription_id = :subscription AND kind LIKE 'quota%'"
					+ " ORDER BY kind")
			.param("subscription", this.subscription)
			.query(String.class)
			.list();
	}

	@Test
	void aCustomerOverTheMinuteLimitIsRefusedUntilTheNextMinute() {
		withinOneMinute(this::newCustomer, () -> {
			String token = subscribed(PREMIUM);
			for (int i = 0; i < 3; i++) {
				assertThat(chat(this.client, token).getStatus().value()).isEqualTo(200);
			}

			EntityExchangeResult<byte[]> refused = chat(this.client, token);

			assertThat(refused.getStatus().value()).isEqualTo(429);
			assertThat(json(refused).path("code").stringValue()).isEqualTo("rate_limited");
			assertThat(Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L,
					60L);
			assertThat(refused.getResponseHeaders().getFirst("RateLimit")).startsWith("\"minute\";r=0;t=");
			JsonNode usage = json(get(this.client, "/api/usage", token));
			assertThat(usage.path("messages_used").asLong()).isEqualTo(3);
			assertThat(usage.path("requests_per_minute").asLong()).isEqualTo(3);
		});
	}

	@Test
	void aRetryWithTheSameIdempotencyKeyIsAnsweredAndNotCountedAgain() {
		String token = subscribed(BASIC);

		EntityExchangeResult<byte[]> first = chat(token, "retry-7f3a");
		EntityExchangeResult<byte[]> retry = chat(token, "retry-7f3a");
		EntityExchangeResult<byte[]> another = chat(token, "\"retry-8c1d\"");

		assertThat(first.getStatus().value()).isEqualTo(200);
		assertThat(retry.getStatus().value()).isEqualTo(200);
		assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
		assertThat(retry.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
		assertThat(another.getStatus().value()).isEqualTo(200);
		assertThat(json(get(this.client, "/api/usage", token)).path("messages_used").asLong()).isEqualTo(2);
		EntityExchangeResult<byte[]> malformed = chat(token, "x".repeat(256));
		assertThat(malformed.getStatus().value()).isEqualTo(400);
		assertThat(json(malformed).path("code").stringValue()).isEqualTo("invalid_idempotency_key");
	}

	@Test
	void usageStartsAgainFromZeroWhenRenewalMovesThePeriod() {
		String token = subscribed(BASIC);
		chat(this.client, token);
		chat(this.client, token);

		updated(BASIC, this.periodEnd + PERIOD, now() + 1);

		EntityExchangeResult<byte[]> afterRenewal = chat(this.client, token);
		assertThat(afterRenewal.getStatus().value()).isEqualTo(200);
		assertThat(afterRenewal.getResponseHeaders().getFirst("RateLimit")).contains("\"period\";r=4;");
		JsonNode usage = json(get(this.client, "/api/usage", token));
		assertThat(usage.path("messages_used").asLong()).isEqualTo(1);
		assertThat(Instant.parse(usage.path("period_start").stringValue()))
			.isEqualTo(Instant.ofEpochSecond(this.periodEnd));
		JsonNode support = adminUsage();
		assertThat(support.path("messages_used").asLong()).isEqualTo(1);
		assertThat(support.path("previous_periods")).hasSize(1);
		assertThat(support.path("previous_periods").get(0).path("messages_used").asLong()).isEqualTo(2);
		assertThat(Instant.parse(support.path("previous_periods").get(0).path("period_end").stringValue()))
			.isEqualTo(Instant.ofEpochSecond(this.periodEnd));
	}

	@Test
	void anUpgradeMidPeriodAppliesTheNewLimitAndKeepsTheUsage() {
		String token = subscribed(BASIC);
		for (int i = 0; i < 3; i++) {
			chat(this.client, token);
		}

		updated(TEAM, this.periodEnd, now() + 1);

		EntityExchangeResult<byte[]> upgraded = chat(this.client, token);
		assertThat(upgraded.getResponseHeaders().getFirst("RateLimit-Policy"))
			.isEqualTo("\"period\";q=120;w=" + PERIOD);
		assertThat(upgraded.getResponseHeaders().getFirst("RateLimit")).matches("\"period\";r=116;t=\\d+");
		JsonNode usage = json(get(this.client, "/api/usage", token));
		assertThat(usage.path("messages_used").asLong()).isEqualTo(4);
		assertThat(usage.path("messages_limit").asLong()).isEqualTo(120);
		assertThat(usage.path("messages_remaining").asLong()).isEqualTo(116);
		assertThat(usage.path("requests_per_minute").isNull()).isTrue();
	}

	@Test
	void twoInstancesHammeredTogetherServeExactlyTheQuota() {
		String token = subscribed(TEAM);
		try (ConfigurableApplicationContext other = startInstance()) {
			List<RestTestClient> instances = List.of(this.client, SecondInstance.client(other));
			ExecutorService pool = Executors.newFixedThreadPool(16);
			List<CompletableFuture<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < 300; i++) {
				RestTestClient instance = instances.get(i % 2);
				answers.add(CompletableFuture.supplyAsync(() -> chat(instance, token).getStatus().value(), pool));
			}
			List<Integer> statuses = answers.stream().map(CompletableFuture::join).toList();

			assertThat(statuses).filteredOn(status -> status == 200).hasSize(120);
			assertThat(statuses).filteredOn(status -> status == 429).hasSize(180);
			// The other instance's messages count here once it settles, within a second
			// when the machine is not loaded.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				JsonNode usage = json(get(this.client, "/api/usage", token));
				assertThat(usage.path("messages_used").asLong()).isEqualTo(120);
				assertThat(usage.path("messages_remaining").asLong()).isZero();
			});

			// The minute limit, on the same two instances: a premium customer's 3.
			withinOneMinute(this::newCustomer, () -> {
				String premium = subscribed(PREMIUM);
				List<CompletableFuture<Integer>> requests = new ArrayList<>();
				for (int i = 0; i < 40; i++) {
					RestTestClient instance = instances.get(i % 2);
					requests
						.add(CompletableFuture.supplyAsync(() -> chat(instance, premium).getStatus().value(), pool));
				}
				List<Integer> minute = requests.stream().map(CompletableFuture::join).toList();

				assertThat(minute).filteredOn(status -> status == 200).hasSize(3);
				assertThat(minute).filteredOn(status -> status == 429).hasSize(37);
			});
			pool.shutdown();
		}
	}

	@Test
	void usageSpentOnAnInstanceSurvivesItsRestart() {
		String token = subscribed(BASIC);
		chat(this.client, token);
		try (ConfigurableApplicationContext other = startInstance()) {
			RestTestClient instance = SecondInstance.client(other);
			for (int i = 0; i < 2; i++) {
				assertThat(chat(instance, token).getStatus().value()).isEqualTo(200);
			}
		}

		try (ConfigurableApplicationContext restarted = startInstance()) {
			JsonNode usage = json(get(SecondInstance.client(restarted), "/api/usage", token));
			assertThat(usage.path("messages_used").asLong()).isEqualTo(3);
			assertThat(usage.path("messages_remaining").asLong()).isEqualTo(2);
		}
	}

	@Test
	void withPostgresqlUnreachableAnInstanceServesOnlyWhatItReservedThenAsksForARetry() throws IOException {
		String token = subscribed(TEAM);
		DatabaseUrl database = TestDatabase.get();
		URI direct = URI.create(database.jdbcUrl().substring("jdbc:".length()));
		try (TcpProxy proxy = new TcpProxy(direct.getHost(), (direct.getPort() != -1) ? direct.getPort() : 5432)) {
			String throughProxy = "jdbc:postgresql://127.0.0.1:" + proxy.port() + direct.getPath() + "?socketTimeout=3";
			try (ConfigurableApplicationContext instance = startInstance("--spring.datasource.url=" + throughProxy,
					"--xsen.token-cache.listen-url=" + throughProxy)) {
				RestTestClient cut = SecondInstance.client(instance);
				// Its token cache answers for two seconds into the outage, once trusted.
				await().atMost(Duration.ofSeconds(30)).until(() -> tokenCacheTrusted(cut));
				// The first message reserves a block of an eighth of the 120: 15.
				assertThat(chat(cut, token).getStatus().value()).isEqualTo(200);

				proxy.blackHole();
				List<Integer> duringOutage = new ArrayList<>();
				for (int i = 0; i < 15; i++) {
					duringOutage.add(chat(cut, token).getStatus().value());
				}

				assertThat(duringOutage.subList(0, 14)).containsOnly(200);
				EntityExchangeResult<byte[]> refused = chat(cut, token);
				assertThat(duringOutage.get(14)).isEqualTo(503);
				assertThat(refused.getStatus().value()).isEqualTo(503);
				assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("30");
				proxy.restore();
				// What it served during the outage is settled once PostgreSQL is back.
				await().atMost(Duration.ofSeconds(30))
					.until(() -> cut.get()
						.uri("/health")
						.exchange()
						.expectBody()
						.returnResult()
						.getStatus()
						.value() == 200);
			}
		}
		assertThat(json(get(this.client, "/api/usage", token)).path("messages_used").asLong()).isEqualTo(15);
	}

	@Test
	void eachMinuteCountsOnItsOwnAndBlocksAreWhatIsAskedForUpToWhatIsLeft() {
		Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);

		MinuteCounters.Grant first = this.minuteCounters.reserve(this.customer, minute, 16, 1, 0, 0L);
		MinuteCounters.Grant next = this.minuteCounters.reserve(this.customer, minute.plusSeconds(60), 16, 1, 0, 0L);
		MinuteCounters.Grant again = this.minuteCounters.reserve(this.customer, minute, 16, 1, 0, 0L);
		MinuteCounters.Grant paced = this.minuteCounters.reserve(this.customer, minute, 16, 10, 0, 0L);
		MinuteCounters.Grant last = this.minuteCounters.reserve(this.customer, minute, 16, 10, 0, 0L);
		MinuteCounters.Grant none = this.minuteCounters.reserve(this.customer, minute, 16, 10, 0, 0L);

		// An eighth of what is left at least, so blocks shrink near the limit.
		assertThat(first).isEqualTo(new MinuteCounters.Grant(2, 2, 0));
		assertThat(next).isEqualTo(new MinuteCounters.Grant(2, 2, 0));
		assertThat(again).isEqualTo(new MinuteCounters.Grant(3, 1, 0));
		assertThat(paced).isEqualTo(new MinuteCounters.Grant(13, 10, 0));
		assertThat(last).isEqualTo(new MinuteCounters.Grant(16, 3, 0));
		assertThat(none).isEqualTo(new MinuteCounters.Grant(16, 0, 0));
	}

	@Test
	void periodCountersHandOutBlocksRecordSettlementsAndMarkAUsedUpCounterWanted() {
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		UsagePeriod period = new UsagePeriod(this.subscription, this.customer, start, start.plus(Duration.ofDays(30)));
		Instant before = Instant.now().minusSeconds(1);

		PeriodCounters.Grant first = this.periodCounters.reserve(period, "basic", 120, 0);
		PeriodCounters.Grant returning = this.periodCounters.reserve(period, "basic", 120, 14);
		List<PeriodCounters.Settled> settled = this.periodCounters
			.settle(List.of(new PeriodSettlement(period, "basic", 2, 0, 1)));
		PeriodCounters.Grant rest = this.periodCounters.reserve(period, "basic", 15, 0);
		PeriodCounters.Grant none = this.periodCounters.reserve(period, "basic", 15, 0);

		// An eighth of the 120, then of the 119 left once 14 came back.
		assertThat(first).isEqualTo(new PeriodCounters.Grant(15, 15));
		assertThat(returning).isEqualTo(new PeriodCounters.Grant(15, 14));
		assertThat(settled).containsExactly(new PeriodCounters.Settled(this.subscription, start.getEpochSecond(), 2));
		// A lower limit (a downgrade) leaves one; then the counter is used up.
		assertThat(rest).isEqualTo(new PeriodCounters.Grant(15, 1));
		assertThat(none).isEqualTo(new PeriodCounters.Grant(15, 0));
		assertThat(messagesUsed(period)).isEqualTo(2);
		assertThat(this.periodCounters.wantedSince(before)).extracting(PeriodCounters.Wanted::subscriptionId)
			.contains(this.subscription);
	}

	@Test
	void anInstanceThatStopsWithinTheMinuteHandsItsShareToAnInstanceStartedMeanwhileAndKeepsWhatItSpent() {
		Sharing stopping = sharing();
		Sharing staying = sharing();
		Sharing started = sharing();
		Instant minute = futureMinute();
		stopping.sharing().claim(minute);
		staying.sharing().claim(minute);
		String served = this.customer;
		String askedBefore = newCustomerId();
		String untouched = newCustomerId();
		// Each share is 3 of 12 (the shares cover half the limit). The stopping instance
		// serves one from its share; the started instance, which has none, makes a
		// counter
		// that counts both shares before the other stops.
		assertThat(stopping.limit().spend(served, minute, 12)).isEqualTo(11);
		assertThat(started.limit().spend(askedBefore, minute, 12)).isEqualTo(11);

		stopping.sharing().depart();

		// Its unspent 2 go to whoever asks, with the 6 beyond the shares; the staying
		// instance, which does not hand back here, still holds its 3.
		assertThat(servedUntilRefused(started, served, minute, 12)).isEqualTo(8);
		assertThat(minuteCounter(served, minute)).isEqualTo("12 reserved, 1 of 2 shares held");
		// A counter made before it stopped gets its whole share back at the next ask.
		assertThat(servedUntilRefused(started, askedBefore, minute, 12)).isEqualTo(8);
		// A counter made after counts no share of it.
		assertThat(servedUntilRefused(started, untouched, minute, 12)).isEqualTo(9);
		assertThat(minuteCounter(untouched, minute)).isEqualTo("12 reserved, 1 of 2 shares held");
	}

	@Test
	void anInstanceThatNeedsMoreThanItsShareGetsTheOthersUnusedShareAndNoMore() {
		Sharing first = sharing();
		Sharing second = sharing();
		Instant minute = futureMinute();
		first.sharing().claim(minute);
		second.sharing().claim(minute);
		assertThat(second.limit().spend(this.customer, minute, 12)).isEqualTo(11);
		MinuteShares shares = second.limit().shares(minute);
		CompletableFuture<Void> handingBack = CompletableFuture
			.runAsync(() -> await().atMost(Duration.ofSeconds(10)).until(() -> {
				second.sharing().releaseAwaitedShares(shares);
				return minuteCounter(this.customer, minute).endsWith("0 of 2 shares held");
			}));

		List<Long> left = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			left.add(first.limit().spend(this.customer, minute, 12));
		}
		handingBack.join();

		// Three from its own share, the six beyond the shares, then two the second
		// instance handed back: it had spent one of its three.
		assertThat(left).filteredOn(remaining -> remaining >= 0).hasSize(11);
		assertThat(left.get(11)).isEqualTo(-1);
		assertThat(second.limit().spend(this.customer, minute, 12)).isEqualTo(-1);
	}

	@Test
	void supportSeesACustomersUsageAndAnUnknownCustomerIsNotFound() {
		String token = subscribed(BASIC);
		chat(this.client, token);

		JsonNode usage = adminUsage();

		assertThat(usage.path("customer_id").stringValue()).isEqualTo(this.customer);
		assertThat(usage.path("subscription_id").stringValue()).isEqualTo(this.subscription);
		assertThat(usage.path("tier").stringValue()).isEqualTo("basic");
		assertThat(usage.path("messages_used").asLong()).isEqualTo(1);
		assertThat(usage.path("messages_limit").asLong()).isEqualTo(5);
		assertThat(usage.path("previous_periods")).isEmpty();
		assertThat(admin("/admin/customers/cus_NobodyHere/usage", ADMIN_KEY).getStatus().value()).isEqualTo(404);
		assertThat(admin("/admin/customers/" + this.customer + "/usage", token).getStatus().value()).isEqualTo(401);
	}

	@Test
	void usageIsReportedToStripeOncePerMinuteUnderOneIdentifierThroughAStripeFailure() {
		String token = subscribed(BASIC);
		chat(this.client, token);
		chat(this.client, token);
		StripeApiFake.meterEventsFailOnceThenAccept(this.customer);
		// Settled within a second.
		await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(2).equals(reportColumn("value", Long.class)));
		Instant minute = reportColumn("minute", OffsetDateTime.class).toInstant();
		// The minute closes: two minutes later it is due.
		this.jdbc.sql("UPDATE meter_reports SET minute = minute - interval '2 minutes' WHERE stripe_customer_id = :c")
			.param("c", this.customer)
			.update();
		Instant reported = minute.minusSeconds(120);

		this.meterReports.sendDue();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Integer.valueOf(1).equals(reportColumn("attempts", Integer.class)));
		this.jdbc.sql("UPDATE meter_reports SET next_attempt_at = now() WHERE stripe_customer_id = :c")
			.param("c", this.customer)
			.update();
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			this.meterReports.sendDue();
			return "sent".equals(reportColumn("status", String.class));
		});

		// Other tests' customers may be reported meanwhile, by the schedule.
		List<String> reports = StripeApiFake.meterEventRequests()
			.stream()
			.filter(report -> report.contains("payload[stripe_customer_id]=" + this.customer + "&"))
			.toList();
		assertThat(reports).hasSize(2);
		assertThat(reports).allSatisfy(report -> assertThat(report).contains("event_name=xsen_chat_messages",
				"identifier=xsen-" + this.customer + "-" + reported.getEpochSecond(),
				"payload[stripe_customer_id]=" + this.customer, "payload[value]=2",
				"timestamp=" + reported.getEpochSecond()));
		assertThat(reportColumn("attempts", Integer.class)).isEqualTo(2);
	}

	private static boolean tokenCacheTrusted(RestTestClient instance) {
		String metrics = new String(get(instance, "/actuator/prometheus", ADMIN_KEY).getResponseBody(),
				StandardCharsets.UTF_8);
		return metrics.lines().anyMatch(line -> line.equals("xsen_token_cache_trusted 1.0"));
	}

	private <T> @Nullable T reportColumn(String column, Class<T> type) {
		return this.jdbc.sql("SELECT " + column + " FROM meter_reports WHERE stripe_customer_id = :customer")
			.param("customer", this.customer)
			.query(type)
			.optional()
			.orElse(null);
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

	private static EntityExchangeResult<byte[]> chat(RestTestClient instance, String token) {
		return get(instance, "/api/chat", token);
	}

	private static EntityExchangeResult<byte[]> get(RestTestClient instance, String path, String token) {
		return instance.get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectBody()
			.returnResult();
	}

	private EntityExchangeResult<byte[]> chat(String token, String idempotencyKey) {
		return this.client.get()
			.uri("/api/chat")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.header("Idempotency-Key", idempotencyKey)
			.exchange()
			.expectBody()
			.returnResult();
	}

	private EntityExchangeResult<byte[]> admin(String path, String key) {
		return get(this.client, path, key);
	}

	private JsonNode adminUsage() {
		EntityExchangeResult<byte[]> result = admin("/admin/customers/" + this.customer + "/usage", ADMIN_KEY);
		assertThat(result.getStatus().value()).isEqualTo(200);
		return json(result);
	}

	private static ConfigurableApplicationContext startInstance(String... settings) {
		List<String> arguments = new ArrayList<>(List.of("--" + TEAM_RANK, "--" + TEAM_PRICES, "--" + BASIC_QUOTA,
				"--" + BASIC_RATE, "--" + PREMIUM_QUOTA, "--" + PREMIUM_RATE, "--" + TEAM_QUOTA, "--" + TEAM_RATE));
		arguments.addAll(List.of(settings));
		return SecondInstance.start(arguments.toArray(String[]::new));
	}

	private static String newCustomerId() {
		return "cus_Usage" + Long.toString(System.nanoTime(), 36);
	}

	private long messagesUsed(UsagePeriod period) {
		return this.jdbc.sql(
				"SELECT messages_used FROM usage_periods WHERE stripe_subscription_id = :subscription AND period_start = :start")
			.param("subscription", period.subscriptionId())
			.param("start", period.start().atOffset(ZoneOffset.UTC))
			.query(Long.class)
			.single();
	}

	// Runs a test whose requests must land in one clock minute: a run that fails while a
	// minute ends is run again, for a new customer.
	static void withinOneMinute(Runnable newCustomer, Runnable test) {
		while (true) {
			Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
			try {
				test.run();
				return;
			}
			catch (AssertionError failure) {
				if (Instant.now().truncatedTo(ChronoUnit.MINUTES).equals(minute)) {
					throw failure;
				}
				newCustomer.run();
			}
		}
	}

	// Another instance's minute limit on the same counters, as a second replica's would
	// be.
	private Sharing sharing() {
		MinuteInstance name = new MinuteInstance();
		MinuteLimit limit = new MinuteLimit(this.minuteCounters, this.time, name);
		return new Sharing(limit, new MinuteSharing(limit, this.minuteCounters, this.time, name,
				new UsageProperties(true, null, Map.of(), Duration.ZERO)));
	}

	private record Sharing(MinuteLimit limit, MinuteSharing sharing) {
	}

	// A minute no running instance claims or seals on its own.
	private static Instant futureMinute() {
		return Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofDays(1));
	}

	private static int servedUntilRefused(Sharing instance, String customer, Instant minute, long limit) {
		int served = 0;
		while (instance.limit().spend(customer, minute, limit) >= 0) {
			served++;
		}
		return served;
	}

	private String minuteCounter(String customer, Instant minute) {
		return this.jdbc
			.sql("""
					SELECT requests_reserved || ' reserved, ' || bit_count(held::bit(64)) || ' of ' || shares || ' shares held'
					FROM usage_minutes WHERE stripe_customer_id = :customer AND minute = :minute
					""")
			.param("customer", customer)
			.param("minute", minute.atOffset(ZoneOffset.UTC))
			.query(String.class)
			.optional()
			.orElse("no counter");
	}

	private static long reset(EntityExchangeResult<byte[]> result, String policy) {
		Matcher matcher = Pattern.compile("\"" + policy + "\";r=\\d+;t=(\\d+)")
			.matcher(result.getResponseHeaders().getFirst("RateLimit"));
		assertThat(matcher.find()).isTrue();
		return Long.parseLong(matcher.group(1));
	}

}
