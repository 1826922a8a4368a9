package io.xsen.orchestrator.email;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.MailServer;
import io.xsen.orchestrator.support.SecondInstance;
import io.xsen.orchestrator.support.SignedWebhooks;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.AdminApi.admin;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A customer who changes their email in Stripe gets links at the new address only: XSEN
 * keeps the address Stripe holds for the customer ({@code customer.updated}, or the
 * customer read at a claim or a sync) in event order, sends links and emails there, and
 * links already sent to the old address stop working.
 */
@IntegrationTest
@CleanSlate
class CustomerEmailChangeIntegrationTests {

	private static final String CUSTOMER = "cus_TEmailMoves4Rk8";

	private static final String SUBSCRIPTION = "sub_1TEmailMovesQ2w7Zp";

	private static final String SESSION = "cs_test_a1EmailMoves6Hv3Lq9Tn";

	private static final String OLD = "old@example.com";

	private static final String NEW = "new@example.com";

	private static final Pattern TOKEN = Pattern.compile("xsen_[A-Za-z0-9_-]{43}");

	@Autowired
	private RestTestClient client;

	@Autowired
	private EmailSender sender;

	@Autowired
	private DatabaseRows rows;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private AccessLinks links;

	@Autowired
	private PlatformTransactionManager transactions;

	private AccessScenario customer;

	private LinkPages browser;

	private int events;

	@BeforeEach
	void mailServerEmpty() {
		MailServer.reset();
		this.customer = new AccessScenario(this.client);
		this.browser = new LinkPages(this.client);
	}

	@Test
	void afterAChangeInStripeLinksGoToTheNewAddressOnlyAndTheOldAddresssLinkStopsWorking() {
		checkoutCompleted(now() - 60);
		this.sender.deliverDue();
		String sentToOld = onlyEmailTo(OLD).linkPath();
		this.browser.show(sentToOld, HttpStatus.OK);

		customerUpdated(NEW, now()).expectBody().jsonPath("$.outcome").isEqualTo("applied");

		assertThat(this.browser.show(sentToOld, HttpStatus.GONE)).contains("This link has expired");
		requestLink(OLD);
		this.sender.deliverDue();
		assertThat(received()).isEmpty();
		requestLink(NEW);
		this.sender.deliverDue();
		String sentToNew = onlyEmailTo(NEW).linkPath();
		assertThat(this.browser.press(this.browser.open(sentToNew)).getResponseBody()).containsPattern(TOKEN);
		assertThat(emailsOfSubscription()).containsOnly(NEW);
	}

	@Test
	void anOlderCustomerUpdatedDeliveredLateChangesNothing() {
		checkoutCompleted(now() - 60);

		customerUpdated(NEW, now()).expectBody().jsonPath("$.outcome").isEqualTo("applied");
		customerUpdated("between@example.com", now() - 30).expectBody().jsonPath("$.outcome").isEqualTo("stale");

		assertThat(emailsOfSubscription()).containsOnly(NEW);
		this.sender.deliverDue();
		assertThat(received()).extracting(ReceivedEmail::recipients).containsOnly(List.of(NEW));
	}

	@Test
	void twoChangesInOneSecondAreSettledByAskingStripe() {
		checkoutCompleted(now() - 60);
		long second = now();
		StripeApiFake.customerIs(StripeFixtures.customer(CUSTOMER, "between@example.com"));

		customerUpdated(NEW, second).expectBody().jsonPath("$.outcome").isEqualTo("applied");
		customerUpdated("other@example.com", second).expectBody().jsonPath("$.outcome").isEqualTo("applied");

		assertThat(emailsOfSubscription()).containsOnly("between@example.com");
		assertThat(StripeApiFake.requestsTo("/v1/customers/" + CUSTOMER)).isEqualTo(1);
	}

	@Test
	void aLaterInvoiceFinalizedWithTheOldAddressDoesNotBringItBack() {
		checkoutCompleted(now() - 60);
		customerUpdated(NEW, now() - 30);

		ObjectNode invoice = StripeFixtures.invoice("in_1TEmailMovesRetry5k", CUSTOMER, SUBSCRIPTION, BASIC, inDays(30),
				2000);
		invoice.put("customer_email", OLD);
		deliver("invoice.payment_succeeded", now(), invoice).expectBody().jsonPath("$.outcome").isEqualTo("applied");

		assertThat(emailsOfSubscription()).containsOnly(NEW);
	}

	@Test
	void anEmailQueuedForTheOldAddressIsSentToTheNewOne() {
		checkoutCompleted(now() - 60);

		customerUpdated(NEW, now());
		this.sender.deliverDue();

		ReceivedEmail welcome = onlyEmailTo(NEW);
		assertThat(welcome.subject()).isEqualTo("Welcome to XSEN: your access link");
		assertThat(this.browser.press(this.browser.open(welcome.linkPath())).getResponseBody()).containsPattern(TOKEN);
		JsonNode outbox = json(admin(this.client.get().uri("/admin/emails")).expectStatus().isOk());
		assertThat(outbox.path("emails").get(0).path("recipient").stringValue()).isEqualTo(NEW);
	}

	@Test
	void aCustomerUpdatedDeliveredBeforeTheCheckoutSendsLinksToTheNewAddressOnly() {
		customerUpdated(NEW, now()).expectBody().jsonPath("$.outcome").isEqualTo("applied");

		checkoutCompleted(now() - 60);

		assertThat(emailsOfSubscription()).containsOnly(NEW);
		this.sender.deliverDue();
		String welcome = onlyEmailTo(NEW).linkPath();
		requestLink(OLD);
		this.sender.deliverDue();
		assertThat(received()).isEmpty();
		assertThat(this.browser.press(this.browser.open(welcome)).getResponseBody()).containsPattern(TOKEN);
	}

	@Test
	void aCustomerUpdatedThatLeavesOutTheEmailOrShowsNoAddressKeepsTheAddress() {
		checkoutCompleted(now() - 60);
		ObjectNode silent = StripeFixtures.customer(CUSTOMER, NEW);
		silent.remove("email");

		deliver("customer.updated", now() - 30, silent).expectBody().jsonPath("$.outcome").isEqualTo("ignored");
		customerUpdated("", now() - 20).expectBody().jsonPath("$.outcome").isEqualTo("ignored");
		customerUpdated("not-an-address", now() - 10).expectBody().jsonPath("$.outcome").isEqualTo("ignored");

		assertThat(emailsOfSubscription()).containsOnly(OLD);
		assertThat(this.rows.count("customer_emails")).isZero();
		this.sender.deliverDue();
		assertThat(received()).extracting(ReceivedEmail::recipients).containsOnly(List.of(OLD));
	}

	@Test
	void aCustomerWhoseEmailIsRemovedInStripeGetsNoLinks() {
		checkoutCompleted(now() - 60);
		this.sender.deliverDue();
		String sentToOld = onlyEmailTo(OLD).linkPath();
		ObjectNode withoutEmail = StripeFixtures.customer(CUSTOMER, OLD);
		withoutEmail.putNull("email");

		deliver("customer.updated", now(), withoutEmail).expectBody().jsonPath("$.outcome").isEqualTo("applied");

		assertThat(emailsOfSubscription()).containsOnlyNulls();
		assertThat(this.browser.show(sentToOld, HttpStatus.GONE)).contains("This link has expired");
		requestLink(OLD);
		this.sender.deliverDue();
		assertThat(received()).isEmpty();
	}

	@Test
	void anAddressAsLongAsStripeAllowsIsTheCustomers() {
		checkoutCompleted(now() - 60);
		String longAddress = "a".repeat(500) + "@example.com";

		customerUpdated(longAddress, now()).expectBody().jsonPath("$.outcome").isEqualTo("applied");

		assertThat(emailsOfSubscription()).containsOnly(longAddress);
	}

	@Test
	void anAddressLeftBehindOnASubscriptionRowAuthorizesNothing() {
		checkoutCompleted(now() - 60);
		this.sender.deliverDue();
		String sentToOld = onlyEmailTo(OLD).linkPath();
		customerUpdated(NEW, now()).expectBody().jsonPath("$.outcome").isEqualTo("applied");
		// As a row written from a stale view of the customer's email would show it.
		this.jdbc.sql("UPDATE subscriptions SET email = :email").param("email", OLD).update();

		assertThat(this.browser.show(sentToOld, HttpStatus.GONE)).contains("This link has expired");
		requestLink(OLD);
		this.sender.deliverDue();
		assertThat(received()).isEmpty();
		long welcome = json(admin(this.client.get().uri("/admin/emails")).expectStatus().isOk()).path("emails")
			.get(0)
			.path("id")
			.asLong();
		admin(this.client.post().uri("/admin/emails/{id}/resend", welcome)).expectStatus().isAccepted();
		this.sender.deliverDue();
		assertThat(received()).extracting(ReceivedEmail::recipients).containsOnly(List.of(NEW));
	}

	@Test
	void aCodeSentToTheOldAddressIsNotSpentOnceTheChangeHasCommitted() {
		checkoutCompleted(now() - 60);
		this.sender.deliverDue();
		String code = onlyEmailTo(OLD).linkPath().substring(LinkPurpose.ACCESS.path().length());
		customerUpdated(NEW, now()).expectBody().jsonPath("$.outcome").isEqualTo("applied");

		// As when the change commits after the page checked the address, before the
		// spend.
		Optional<String> spent = new TransactionTemplate(this.transactions).execute(status -> this.links.spend(code));

		assertThat(spent).isEmpty();
		assertThat(
				this.jdbc.sql("SELECT count(*) FROM access_links WHERE used_at IS NOT NULL").query(Long.class).single())
			.isZero();
	}

	@Test
	void aClaimTakesTheAddressStripeHoldsForTheCustomerNow() {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", BASIC, inDays(30));
		subscription.put("created", now() - 60);
		ObjectNode session = StripeFixtures.completedCheckout(SESSION, CUSTOMER, SUBSCRIPTION, OLD);
		session.put("created", now() - 120);
		session.set("subscription", subscription);
		session.set("customer", StripeFixtures.customer(CUSTOMER, NEW));
		StripeApiFake.checkoutSessionIs(session);

		this.customer.claim(SESSION).expectStatus().isCreated();
		customerUpdated(OLD, now() - 5).expectBody().jsonPath("$.outcome").isEqualTo("stale");

		assertThat(emailsOfSubscription()).containsOnly(NEW);
		this.sender.deliverDue();
		assertThat(received()).extracting(ReceivedEmail::recipients).containsOnly(List.of(NEW));
	}

	@Test
	void aSyncTakesTheAddressStripeHoldsForTheCustomer() {
		checkoutCompleted(now() - 600);
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", BASIC, inDays(30));
		subscription.set("customer", StripeFixtures.customer(CUSTOMER, NEW));
		StripeApiFake.customerSubscriptionsAre(CUSTOMER, subscription);

		JsonNode synced = json(
				admin(this.client.post().uri("/admin/customers/{customer}/sync", CUSTOMER)).expectStatus().isOk());

		assertThat(synced.path("subscriptions").get(0).path("email").stringValue()).isEqualTo(NEW);
		customerUpdated(OLD, now() - 300).expectBody().jsonPath("$.outcome").isEqualTo("stale");
		assertThat(emailsOfSubscription()).containsOnly(NEW);
	}

	@Test
	void anotherInstanceShowsTheNewAddressAndSendsLinksThere() {
		checkoutCompleted(now() - 60);
		String token = this.customer.tokenFor(CUSTOMER);
		AccessScenario onSecond = new AccessScenario(SecondInstance.client());
		assertThat(emailShownBy(onSecond, token)).isEqualTo(OLD);

		customerUpdated(NEW, now());

		await().atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(25))
			.untilAsserted(() -> assertThat(emailShownBy(onSecond, token)).isEqualTo(NEW));
		assertThat(emailShownBy(this.customer, token)).isEqualTo(NEW);
		SecondInstance.client()
			.post()
			.uri("/api/access-link")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"email\":\"" + NEW + "\"}")
			.exchange()
			.expectStatus()
			.isAccepted();
		this.sender.deliverDue();
		assertThat(received()).extracting(ReceivedEmail::recipients).containsOnly(List.of(NEW));
	}

	private void checkoutCompleted(long created) {
		this.customer.stripeHolds(SUBSCRIPTION, CUSTOMER, "active", BASIC, inDays(30));
		deliver("checkout.session.completed", created,
				StripeFixtures.completedCheckout(SESSION, CUSTOMER, SUBSCRIPTION, OLD))
			.expectStatus()
			.isOk();
	}

	private RestTestClient.ResponseSpec customerUpdated(String email, long created) {
		return deliver("customer.updated", created, StripeFixtures.customer(CUSTOMER, email));
	}

	private RestTestClient.ResponseSpec deliver(String type, long created, ObjectNode object) {
		String payload = StripeFixtures
			.event("evt_email_moves_" + (++this.events), type, created, object, StripeFixtures.CURRENT_API_VERSION)
			.toString();
		return SignedWebhooks.deliver(this.client, payload);
	}

	private void requestLink(String email) {
		this.client.post()
			.uri("/api/access-link")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"email\":\"" + email + "\"}")
			.exchange()
			.expectStatus()
			.isAccepted();
	}

	private List<Object> emailsOfSubscription() {
		return this.rows.subscriptions().stream().map(row -> row.get("email")).toList();
	}

	private static String emailShownBy(AccessScenario instance, String token) {
		return json(instance.get("/api/subscription", token).expectStatus().isOk()).path("email").stringValue();
	}

	private static ReceivedEmail onlyEmailTo(String address) {
		List<ReceivedEmail> received = received();
		assertThat(received).hasSize(1);
		assertThat(received.get(0).recipients()).containsExactly(address);
		MailServer.reset();
		return received.get(0);
	}

	private static List<ReceivedEmail> received() {
		return Arrays.stream(MailServer.received()).map(ReceivedEmail::of).toList();
	}

}
