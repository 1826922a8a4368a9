package io.xsen.orchestrator.email;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.xsen.orchestrator.email.LinkPages.Form;
import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.MailServer;
import io.xsen.orchestrator.support.SignedWebhooks;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customer's way to their token by email: checkout sends the access email, its link
 * reveals the token once on a page, and a customer who lost it asks for a new link.
 */
@IntegrationTest
@CleanSlate
class AccessEmailIntegrationTests {

	private static final String CUSTOMER = "cus_TEmailAccess7Hq2";

	private static final String SUBSCRIPTION = "sub_1TEmailAccessK4m9pQ";

	private static final String EMAIL = "ada@example.com";

	private static final Pattern TOKEN = Pattern.compile("xsen_[A-Za-z0-9_-]{43}");

	@Autowired
	private RestTestClient client;

	@Autowired
	private EmailSender sender;

	private AccessScenario customer;

	private LinkPages browser;

	@BeforeEach
	void mailServerEmpty() {
		MailServer.reset();
		this.customer = new AccessScenario(this.client);
		this.browser = new LinkPages(this.client);
	}

	@Test
	void aCompletedCheckoutSendsTheAccessEmailWithBothPartsAndAOneTimeLink() {
		checkoutCompleted("evt_access_checkout_1");

		this.sender.deliverDue();

		List<ReceivedEmail> received = received();
		assertThat(received).hasSize(1);
		ReceivedEmail email = received.get(0);
		assertThat(email.recipients()).containsExactly(EMAIL);
		assertThat(email.subject()).isEqualTo("Welcome to XSEN: your access link");
		assertThat(email.text()).contains("Your plan: basic.");
		assertThat(email.html()).contains("<strong>basic</strong>").doesNotContain("<script", "<img");
		assertThat(email.linkPath()).startsWith("/access/");
	}

	@Test
	void theLinkRevealsAWorkingTokenOnceAndTheSecondUseIsRefused() {
		checkoutCompleted("evt_access_checkout_2");
		this.sender.deliverDue();
		String link = received().get(0).linkPath();

		// A mail scanner's prefetch spends nothing.
		this.browser.show(link, HttpStatus.OK);
		Form page = this.browser.open(link);
		assertThat(page.page()).contains("Reveal my token");
		EntityExchangeResult<String> revealed = this.browser.press(page);

		assertThat(revealed.getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(revealed.getResponseHeaders().getCacheControl()).contains("no-store");
		Matcher token = TOKEN.matcher(revealed.getResponseBody());
		assertThat(token.find()).isTrue();
		assertThat(revealed.getResponseBody()).contains(
				"curl -s https://xsen.test/api/chat -H &quot;Authorization: Bearer " + token.group() + "&quot;",
				"Copy");
		this.customer.get("/api/chat", token.group()).expectStatus().isOk();

		EntityExchangeResult<String> again = this.browser.press(page);
		assertThat(again.getStatus()).isEqualTo(HttpStatus.GONE);
		assertThat(again.getResponseBody()).contains("This link has been used").doesNotContain("xsen_");
		assertThat(this.browser.show(link, HttpStatus.GONE)).contains("This link has been used")
			.contains("action=\"/access\"")
			.contains("Send me a new link");
		this.customer.get("/api/chat", token.group()).expectStatus().isOk();
	}

	@Test
	void theRevealButtonNeedsTheCsrfTokenOfThePage() {
		checkoutCompleted("evt_access_checkout_3");
		this.sender.deliverDue();
		String link = received().get(0).linkPath();
		Form page = this.browser.open(link);

		this.client.post()
			.uri(link)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body("_csrf=" + page.csrf())
			.exchange()
			.expectStatus()
			.isForbidden();
		this.client.post().uri(link).cookie("XSRF-TOKEN", page.cookie()).exchange().expectStatus().isForbidden();

		assertThat(this.browser.press(page).getStatus()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void aRedeliveredWebhookSendsNothingMore() {
		String checkout = checkoutCompleted("evt_access_checkout_4");
		this.sender.deliverDue();

		this.customer.deliver("checkout.session.completed", now(),
				StripeFixtures.completedCheckout("cs_test_access_4", CUSTOMER, SUBSCRIPTION, EMAIL));
		SignedWebhooks.deliver(this.client, checkout).expectStatus().isOk();
		this.customer.subscriptionIs(SUBSCRIPTION, CUSTOMER, "active", BASIC, now());
		this.sender.deliverDue();

		assertThat(received()).hasSize(1);
	}

	@Test
	void aCustomerAsksForANewLinkWhichReplacesTheOldOne() {
		checkoutCompleted("evt_access_checkout_5");
		this.sender.deliverDue();
		String first = received().get(0).linkPath();
		MailServer.reset();

		requestLink(EMAIL.toUpperCase()).expectStatus().isAccepted();
		this.sender.deliverDue();

		List<ReceivedEmail> received = received();
		assertThat(received).hasSize(1);
		assertThat(received.get(0).recipients()).containsExactly(EMAIL);
		assertThat(received.get(0).subject()).isEqualTo("Your XSEN access link");
		String second = received.get(0).linkPath();
		assertThat(this.browser.show(first, HttpStatus.GONE)).contains("This link has expired");
		assertThat(this.browser.press(this.browser.open(second)).getResponseBody()).containsPattern(TOKEN);
	}

	@Test
	void anAccessLinkRequestAnswersTheSameForKnownAndUnknownEmails() {
		checkoutCompleted("evt_access_checkout_6");
		this.sender.deliverDue();
		MailServer.reset();

		String known = json(requestLink(EMAIL).expectStatus().isAccepted()).toString();
		String unknown = json(requestLink("nobody@example.com").expectStatus().isAccepted()).toString();
		this.sender.deliverDue();

		assertThat(unknown).isEqualTo(known);
		assertThat(received()).extracting(ReceivedEmail::recipients).containsExactly(List.of(EMAIL));
	}

	@Test
	void anAccessLinkRequestWithoutAnEmailAddressIsRefused() {
		requestLink("not an address").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_request");
	}

	@Test
	void aCanceledSubscriptionGetsNoAccessLink() {
		checkoutCompleted("evt_access_checkout_7");
		this.customer.deliver("customer.subscription.deleted", now() + 5,
				StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "canceled", BASIC, inDays(30)));
		this.sender.deliverDue();
		MailServer.reset();

		requestLink(EMAIL).expectStatus().isAccepted();
		this.sender.deliverDue();

		assertThat(received()).isEmpty();
	}

	@Test
	void theAccessLinkRequestIsDescribedAsPublicAndThePagesAreNotInTheApiDescription() {
		JsonNode paths = json(this.client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()).path("paths");

		assertThat(paths.path("/api/access-link").path("post").path("security").toString()).isEqualTo("[]");
		assertThat(paths.propertyNames())
			.noneMatch(path -> path.startsWith("/access/") || path.startsWith("/billing/"));
	}

	@Test
	void theAskFormSendsANewLinkOnlyWithTheCsrfTokenOfThePageAndRefusesANonAddress() {
		checkoutCompleted("evt_access_checkout_ask");
		this.sender.deliverDue();
		MailServer.reset();
		Form page = this.browser.open("/access");
		assertThat(page.page()).contains("Ask for a new access link").contains("name=\"email\"");

		this.client.post()
			.uri("/access")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body("email=" + EMAIL)
			.exchange()
			.expectStatus()
			.isForbidden();
		String refused = this.client.post()
			.uri("/access")
			.cookie("XSRF-TOKEN", page.cookie())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body("_csrf=" + page.csrf() + "&email=not+an+address")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(refused).contains("must be an email address").contains("name=\"email\"");
		this.sender.deliverDue();
		assertThat(received()).isEmpty();

		String accepted = this.client.post()
			.uri("/access")
			.cookie("XSRF-TOKEN", page.cookie())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body("_csrf=" + page.csrf() + "&email=" + EMAIL)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(accepted).contains("Check your email");
		this.sender.deliverDue();
		assertThat(received()).extracting(ReceivedEmail::recipients).containsExactly(List.of(EMAIL));
	}

	@Test
	void thePageAssetsAreServedWithThePages() {
		this.client.get().uri("/access/assets/copy.js").exchange().expectStatus().isOk();
		this.client.get().uri("/access/assets/page.css").exchange().expectStatus().isOk();
	}

	private String checkoutCompleted(String eventId) {
		this.customer.stripeHolds(SUBSCRIPTION, CUSTOMER, "active", BASIC, inDays(30));
		String payload = StripeFixtures
			.event(eventId, "checkout.session.completed", now(),
					StripeFixtures.completedCheckout("cs_test_" + eventId, CUSTOMER, SUBSCRIPTION, EMAIL),
					StripeFixtures.CURRENT_API_VERSION)
			.toString();
		SignedWebhooks.deliver(this.client, payload).expectStatus().isOk();
		return payload;
	}

	private RestTestClient.ResponseSpec requestLink(String email) {
		return this.client.post()
			.uri("/api/access-link")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"email\":\"" + email + "\"}")
			.exchange();
	}

	static List<ReceivedEmail> received() {
		return Arrays.stream(MailServer.received()).map(ReceivedEmail::of).toList();
	}

}
