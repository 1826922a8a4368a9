package io.xsen.orchestrator.email;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.xsen.orchestrator.email.LinkPages.Form;
import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.MailServer;
import io.xsen.orchestrator.support.SecondInstance;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customer hears when access changes: suspended for payment (with a link to the
 * billing portal), set to end, ended; each once, however often Stripe tells XSEN.
 */
@IntegrationTest
@CleanSlate
class AccessChangeEmailIntegrationTests {

	private static final String CUSTOMER = "cus_TEmailChanges3Vb8";

	private static final String SUBSCRIPTION = "sub_1TEmailChangesR7x2Lk";

	private static final String EMAIL = "grace@example.com";

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	@Autowired
	private RestTestClient client;

	@Autowired
	private EmailSender sender;

	@Autowired
	private SuspensionScan suspensions;

	private AccessScenario stripe;

	private long periodEnd;

	@BeforeEach
	void customerWithAccessAndTheWelcomeBehind() {
		this.stripe = new AccessScenario(this.client);
		this.periodEnd = inDays(30);
		this.stripe.stripeHolds(SUBSCRIPTION, CUSTOMER, "active", BASIC, this.periodEnd);
		this.stripe
			.deliver("checkout.session.completed", now() - 60,
					StripeFixtures.completedCheckout("cs_test_changes", CUSTOMER, SUBSCRIPTION, EMAIL))
			.expectStatus()
			.isOk();
		this.sender.deliverDue();
		MailServer.reset();
	}

	@Test
	void aSubscriptionSetToCancelSendsTheDateAccessEndsOnce() {
		ObjectNode canceling = subscription("active");
		canceling.put("cancel_at_period_end", true);

		this.stripe.deliver("customer.subscription.updated", now() - 30, canceling).expectStatus().isOk();
		this.stripe.deliver("customer.subscription.updated", now() - 20, canceling.deepCopy()).expectStatus().isOk();
		this.sender.deliverDue();

		assertThat(received()).singleElement().satisfies(email -> {
			assertThat(email.recipients()).containsExactly(EMAIL);
			assertThat(email.subject()).isEqualTo("Your XSEN subscription is ending");
			String date = DATE.format(Instant.ofEpochSecond(this.periodEnd));
			assertThat(email.text()).contains("Your access continues until " + date);
			assertThat(email.html()).contains("<strong>" + date + "</strong>");
		});
	}

	@Test
	void aDeletedSubscriptionSendsThatAccessEndedOnce() {
		this.stripe.deliver("customer.subscription.deleted", now() - 10, subscription("canceled"))
			.expectStatus()
			.isOk();
		this.stripe.deliver("customer.subscription.deleted", now() - 5, subscription("canceled")).expectStatus().isOk();
		this.sender.deliverDue();

		assertThat(received()).singleElement().satisfies(email -> {
			assertThat(email.subject()).isEqualTo("Your XSEN subscription has ended");
			assertThat(email.text()).contains("has ended on " + DATE.format(Instant.now()));
		});
	}

	@Test
	void pastDueBeyondGraceIsNoticedOnceAcrossInstancesAndUnpaidAddsNothing() {
		this.stripe.deliver("customer.subscription.updated", now() - 30, subscription("past_due"))
			.expectStatus()
			.isOk();

		this.suspensions.run();
		SecondInstance.context().getBean(SuspensionScan.class).run();
		this.suspensions.run();
		this.stripe.deliver("customer.subscription.updated", now() - 10, subscription("unpaid")).expectStatus().isOk();
		this.sender.deliverDue();

		assertThat(received()).singleElement().satisfies(email -> {
			assertThat(email.subject()).isEqualTo("Your XSEN access is suspended: please update your payment");
			assertThat(email.linkPath()).startsWith("/billing/");
		});
	}

	@Test
	void theSuspendedEmailsLinkOpensTheBillingPortalWhenPressed() {
		StripeApiFake.portalSessionsOpenAt("https://billing.stripe.com/p/session/test_suspended");
		this.stripe.deliver("customer.subscription.updated", now() - 10, subscription("unpaid")).expectStatus().isOk();
		this.sender.deliverDue();
		String link = received().get(0).linkPath();
		LinkPages browser = new LinkPages(this.client);

		Form page = browser.open(link);
		assertThat(StripeApiFake.portalSessionRequests()).isEmpty();
		EntityExchangeResult<String> pressed = browser.press(page);

		assertThat(pressed.getStatus().is3xxRedirection()).isTrue();
		assertThat(pressed.getResponseHeaders().getLocation())
			.hasToString("https://billing.stripe.com/p/session/test_suspended");
		assertThat(StripeApiFake.portalSessionRequests()).singleElement().asString().contains("customer=" + CUSTOMER);
		assertThat(browser.show("/billing/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", HttpStatus.NOT_FOUND))
			.contains("This link is not valid");
	}

	private ObjectNode subscription(String status) {
		return StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, status, BASIC, this.periodEnd);
	}

	private static List<ReceivedEmail> received() {
		return AccessEmailIntegrationTests.received();
	}

}
