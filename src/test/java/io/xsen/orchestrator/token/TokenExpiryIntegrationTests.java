package io.xsen.orchestrator.token;

import java.time.Duration;
import java.time.Instant;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.AdminApi.ADMIN_KEY;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A paying customer's token never expires under them: it runs to the end of the period
 * Stripe says they paid for plus {@code XSEN_TOKEN_GRACE} (3 days by default), follows
 * the period when it moves, and never lives less than {@code XSEN_TOKEN_TTL} (30 days).
 */
@IntegrationTest
@CleanSlate
class TokenExpiryIntegrationTests {

	private static final String CUSTOMER = "cus_RExpiry4Lk9sQ2";

	private static final String SUBSCRIPTION = "sub_1RExpiryPeriod8nW3xZ";

	private static final String SESSION = "cs_test_b1ExpiryPeriod5Jq8Wc2Rt";

	private static final Duration GRACE = Duration.ofDays(3);

	private static final Duration TTL = Duration.ofDays(30);

	@Autowired
	private RestTestClient client;

	@Autowired
	private AccessScenario scenario;

	@Autowired
	private DatabaseRows rows;

	@Test
	void aThirtyOneDayMonthClaimedOnDayZeroOutlivesItsPeriodByTheGrace() {
		long periodEnd = inDays(31);
		StripeApiFake.checkoutSessionIs(checkout(subscription("active", BASIC, periodEnd)));

		JsonNode claimed = json(this.scenario.claim(SESSION).expectStatus().isCreated());

		Instant expires = Instant.parse(claimed.path("expires_at").stringValue());
		assertThat(expires).isEqualTo(Instant.ofEpochSecond(periodEnd).plus(GRACE));
		assertThat(storedExpiry()).isEqualTo(expires);
		String token = claimed.path("token").stringValue();
		this.scenario.get("/api/chat", token).expectStatus().isOk();
		assertThat(tokenExpiresAtShownTo(token)).isEqualTo(expires);
	}

	@Test
	void anAnnualCustomersTokenLastsTheYearPlusTheGraceWhicheverWayItIsIssued() {
		long periodEnd = inDays(365);
		this.scenario
			.deliver("customer.subscription.created", now() - 60,
					subscription("active", "price_basic_yearly", periodEnd))
			.expectStatus()
			.isOk();
		Instant paidUntilPlusGrace = Instant.ofEpochSecond(periodEnd).plus(GRACE);

		JsonNode issued = json(this.client.post()
			.uri("/admin/customers/{customer}/tokens", CUSTOMER)
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isCreated());
		assertThat(Instant.parse(issued.path("expires_at").stringValue())).isEqualTo(paidUntilPlusGrace);

		JsonNode rotated = json(
				this.scenario.post("/api/token/rotate", issued.path("token").stringValue()).expectStatus().isCreated());
		assertThat(Instant.parse(rotated.path("expires_at").stringValue())).isEqualTo(paidUntilPlusGrace);
		assertThat(storedExpiry()).isEqualTo(paidUntilPlusGrace);
		assertThat(tokenExpiresAtShownTo(rotated.path("token").stringValue())).isEqualTo(paidUntilPlusGrace);
	}

	@Test
	void aRenewalMovesTheLiveTokensExpiryToTheNewPeriodAndACancellationNeverShortensIt() {
		StripeApiFake.checkoutSessionIs(checkout(subscription("active", BASIC, inDays(31))));
		String token = json(this.scenario.claim(SESSION).expectStatus().isCreated()).path("token").stringValue();

		long renewedPeriodEnd = inDays(62);
		this.scenario
			.deliver("customer.subscription.updated", now() + 5, subscription("active", BASIC, renewedPeriodEnd))
			.expectStatus()
			.isOk();

		Instant renewed = Instant.ofEpochSecond(renewedPeriodEnd).plus(GRACE);
		assertThat(storedExpiry()).isEqualTo(renewed);
		assertThat(tokenExpiresAtShownTo(token)).isEqualTo(renewed);
		this.scenario.get("/api/chat", token).expectStatus().isOk();

		this.scenario
			.deliver("customer.subscription.deleted", now() + 10, subscription("canceled", BASIC, renewedPeriodEnd))
			.expectStatus()
			.isOk();

		assertThat(storedExpiry()).isEqualTo(renewed);
		this.scenario.get("/api/chat", token).expectStatus().isForbidden();
	}

	@Test
	void aTokenNeverLivesLessThanTheTtlFromIssue() {
		// A weekly plan, or a trial that ends in two days.
		StripeApiFake.checkoutSessionIs(checkout(subscription("trialing", BASIC, inDays(2))));

		JsonNode claimed = json(this.scenario.claim(SESSION).expectStatus().isCreated());

		Instant expires = Instant.parse(claimed.path("expires_at").stringValue());
		assertThat(expires).isCloseTo(Instant.now().plus(TTL), within(Duration.ofMinutes(1)));
		assertThat(storedExpiry()).isEqualTo(expires);
	}

	@Test
	void aCustomerWithoutAPaidPeriodGetsTheTtlFromSupport() {
		this.scenario.deliver("customer.subscription.deleted", now() - 60, subscription("canceled", BASIC, inDays(200)))
			.expectStatus()
			.isOk();

		JsonNode issued = json(this.client.post()
			.uri("/admin/customers/{customer}/tokens", CUSTOMER)
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isCreated());

		assertThat(Instant.parse(issued.path("expires_at").stringValue())).isCloseTo(Instant.now().plus(TTL),
				within(Duration.ofMinutes(1)));
	}

	private Instant storedExpiry() {
		return this.rows.tokens(CUSTOMER)
			.stream()
			.filter(row -> row.get("revoked_at") == null)
			.map(row -> AccessScenario.instant(row, "expires_at"))
			.findFirst()
			.orElseThrow();
	}

	private Instant tokenExpiresAtShownTo(String token) {
		return Instant
			.parse(json(this.scenario.get("/api/subscription", token).expectStatus().isOk()).path("token_expires_at")
				.stringValue());
	}

	private static ObjectNode subscription(String status, String price, long periodEnd) {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, status, price, periodEnd);
		subscription.put("created", now() - 60);
		return subscription;
	}

	private static ObjectNode checkout(ObjectNode expandedSubscription) {
		ObjectNode session = StripeFixtures.completedCheckout(SESSION, CUSTOMER, SUBSCRIPTION, "grace@example.com");
		session.put("created", now() - 120);
		session.set("subscription", expandedSubscription);
		return session;
	}

}
