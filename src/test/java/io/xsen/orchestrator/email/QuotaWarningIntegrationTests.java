package io.xsen.orchestrator.email;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.MailServer;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The quota warnings usage metering queues: once per subscription, kind and period, with
 * the usage and a way to upgrade.
 */
@IntegrationTest
@CleanSlate
class QuotaWarningIntegrationTests {

	private static final String CUSTOMER = "cus_TEmailQuota8Kd1";

	private static final String SUBSCRIPTION = "sub_1TEmailQuotaW2n5Rt";

	@Autowired
	private RestTestClient client;

	@Autowired
	private EmailOutbox outbox;

	@Autowired
	private EmailSender sender;

	@Autowired
	private PlatformTransactionManager transactions;

	private final Instant periodStart = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(3));

	private final Instant periodEnd = this.periodStart.plus(Duration.ofDays(30));

	@BeforeEach
	void subscriberWithEmail() {
		AccessScenario stripe = new AccessScenario(this.client);
		stripe.stripeHolds(SUBSCRIPTION, CUSTOMER, "active", BASIC, this.periodEnd.getEpochSecond());
		stripe
			.deliver("checkout.session.completed", now() - 30,
					StripeFixtures.completedCheckout("cs_test_quota", CUSTOMER, SUBSCRIPTION, "lin@example.com"))
			.expectStatus()
			.isOk();
		this.sender.deliverDue();
		MailServer.reset();
	}

	@Test
	void eachWarningIsQueuedOncePerPeriod() {
		assertThat(warn("quota_80", this.periodStart, 800)).isTrue();
		assertThat(warn("quota_80", this.periodStart, 850)).isFalse();
		assertThat(warn("quota_100", this.periodStart, 1000)).isTrue();
		assertThat(warn("quota_80", this.periodEnd, 800)).isTrue();
		this.sender.deliverDue();

		assertThat(AccessEmailIntegrationTests.received()).extracting(ReceivedEmail::subject)
			.containsExactlyInAnyOrder("You have used 80% of your XSEN messages",
					"You have used all your XSEN messages for this period", "You have used 80% of your XSEN messages");
	}

	@Test
	void theWarningShowsTheUsageThePeriodEndAndHowToUpgrade() {
		warn("quota_80", this.periodStart, 800);
		this.sender.deliverDue();

		assertThat(AccessEmailIntegrationTests.received()).singleElement().satisfies(email -> {
			assertThat(email.recipients()).containsExactly("lin@example.com");
			assertThat(email.text()).contains("used 800 of the 1000 messages of your basic plan");
			assertThat(email.html()).contains("Upgrade my plan");
			assertThat(email.linkPath()).startsWith("/billing/");
		});
	}

	@Test
	void aWarningMustBePartOfTheUsageTransactionAndNameAQuotaKind() {
		assertThatExceptionOfType(IllegalTransactionStateException.class).isThrownBy(() -> this.outbox
			.enqueueQuotaWarning(SUBSCRIPTION, "quota_80", this.periodStart, this.periodEnd, 800, 1000));
		assertThatIllegalArgumentException().isThrownBy(() -> warn("ended", this.periodStart, 800));
	}

	private boolean warn(String kind, Instant start, long used) {
		return new TransactionTemplate(this.transactions).execute(status -> this.outbox
			.enqueueQuotaWarning(SUBSCRIPTION, kind, start, start.plus(Duration.ofDays(30)), used, 1000));
	}

}
