package io.xsen.orchestrator.token;

import java.time.Duration;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SecondInstance;
import io.xsen.orchestrator.support.StripeFixtures;
import io.xsen.orchestrator.support.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.AdminApi.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances, and the second one's notification connection silently black-holed (a NAT
 * or proxy that timed it out drops its packets without a reset): what the first instance
 * revokes or cancels is still refused by the second within ten seconds, though no
 * notification reaches it.
 */
@IntegrationTest
class SilentNotificationLossIntegrationTests {

	private static final String CUSTOMER = "cus_SilentLoss4Hq9";

	private static final String SUBSCRIPTION = "sub_1SilentLossT8mK2xv";

	private static final Duration PROPAGATION = Duration.ofSeconds(10);

	@Autowired
	private RestTestClient first;

	private final RestTestClient second = SecondInstance.client();

	private final TcpProxy secondNotifications = SecondInstance.notifications();

	@Autowired
	private DatabaseRows rows;

	private AccessScenario onFirst;

	private AccessScenario onSecond;

	@BeforeEach
	void activeCustomerAndBothCachesTrusted() {
		this.rows.clear();
		this.onFirst = new AccessScenario(this.first);
		this.onSecond = new AccessScenario(this.second);
		this.onFirst.subscriptionIs(SUBSCRIPTION, CUSTOMER, "active", BASIC, now() - 100);
		await().atMost(Duration.ofSeconds(10)).until(() -> cacheTrusted(this.second));
	}

	@AfterEach
	void networkHealed() {
		this.secondNotifications.restore();
	}

	@Test
	void aTokenRevokedThroughOneInstanceIsRefusedByTheOtherWithinTenSecondsThoughItsNotificationsAreBlackHoled()
			throws InterruptedException {
		String token = this.onFirst.tokenFor(CUSTOMER);
		cachedBySecond(token);

		this.secondNotifications.blackHole();
		this.first.delete()
			.uri("/api/token")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isNoContent();
		long revokedAt = System.nanoTime();

		await().atMost(PROPAGATION)
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> this.onSecond.get("/api/chat", token)
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("invalid_token"));
		report("revocation", revokedAt);
		assertThat(cacheTrusted(this.second)).as("the second instance no longer trusts its cache").isFalse();
	}

	@Test
	void aSubscriptionCancelledThroughOneInstanceIsRefusedByTheOtherWithinTenSecondsThoughItsNotificationsAreBlackHoled()
			throws InterruptedException {
		String token = this.onFirst.tokenFor(CUSTOMER);
		cachedBySecond(token);

		this.secondNotifications.blackHole();
		this.onFirst
			.deliver("customer.subscription.deleted", now(),
					StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "canceled", BASIC, inDays(30)))
			.expectStatus()
			.isOk();
		long cancelledAt = System.nanoTime();

		await().atMost(PROPAGATION)
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> this.onSecond.get("/api/chat", token)
				.expectStatus()
				.isEqualTo(HttpStatus.FORBIDDEN)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("subscription_inactive"));
		report("cancellation", cancelledAt);
	}

	@Test
	void theOtherInstanceTrustsItsCacheAgainOnceTheNetworkHeals() {
		this.secondNotifications.blackHole();
		await().atMost(PROPAGATION).until(() -> !cacheTrusted(this.second));

		this.secondNotifications.restore();

		await().atMost(PROPAGATION).until(() -> cacheTrusted(this.second));
	}

	private void cachedBySecond(String token) throws InterruptedException {
		// Once the notices of issuing the token are in (two heartbeats), so that the
		// entry the second instance keeps was read after them.
		Thread.sleep(500);
		for (int i = 0; i < 3; i++) {
			this.onSecond.get("/api/chat", token).expectStatus().isOk();
		}
	}

	private static boolean cacheTrusted(RestTestClient instance) {
		String metrics = instance.get()
			.uri("/actuator/prometheus")
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return metrics != null && metrics.lines().anyMatch((line) -> line.equals("xsen_token_cache_trusted 1.0"));
	}

	private static void report(String change, long since) {
		System.out.printf("Black-holed instance refused the %s after %d ms%n", change,
				Duration.ofNanos(System.nanoTime() - since).toMillis());
	}

}
