package io.xsen.orchestrator.email;

import java.nio.file.Path;
import java.util.List;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.HeadlessChromium;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.MailServer;
import io.xsen.orchestrator.support.SignedWebhooks;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer follows the access email's link in a real headless Chromium: reveals the
 * token once, finds the link spent when opening it again, and asks for a new one there.
 * Screenshots are kept under {@code target/access-screenshots}.
 */
@IntegrationTest
@CleanSlate
class AccessPageBrowserIntegrationTests {

	private static final Path SCREENSHOTS = Path.of("target", "access-screenshots");

	private static final String CUSTOMER = "cus_TEmailBrowserQ7n2x";

	private static final String SUBSCRIPTION = "sub_1TEmailBrowserP3k8wZ";

	private static final String EMAIL = "grace@example.com";

	private static WebDriver browser;

	@LocalServerPort
	private int port;

	@Autowired
	private RestTestClient client;

	@Autowired
	private EmailSender sender;

	private AccessScenario customer;

	@BeforeAll
	static void startBrowser() {
		browser = HeadlessChromium.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void mailServerEmpty() {
		MailServer.reset();
		this.customer = new AccessScenario(this.client);
	}

	@Test
	void theLinkRevealsAWorkingTokenOnceThenSaysItHasBeenUsed() {
		checkoutCompleted();
		this.sender.deliverDue();
		List<ReceivedEmail> received = AccessEmailIntegrationTests.received();
		assertThat(received).extracting(ReceivedEmail::recipients).containsExactly(List.of(EMAIL));
		String link = received.get(0).linkPath();

		open(link);
		assertThat(browser.findElement(By.tagName("main")).getText()).contains("Authorization: Bearer");
		HeadlessChromium.screenshot(browser, SCREENSHOTS, "access-reveal");
		HeadlessChromium.press(browser, "Reveal my token");

		String token = browser.findElement(By.id("token")).getText().trim();
		assertThat(token).startsWith("xsen_");
		assertThat(browser.findElement(By.id("curl")).getText()).contains("Authorization: Bearer " + token);
		HeadlessChromium.screenshot(browser, SCREENSHOTS, "access-token");
		this.customer.get("/api/chat", token).expectStatus().isOk();

		open(link);
		assertThat(browser.findElement(By.tagName("body")).getText()).contains("This link has been used")
			.doesNotContain("xsen_");
		assertThat(browser.findElements(By.xpath("//button[normalize-space(.)='Reveal my token']"))).isEmpty();
		HeadlessChromium.screenshot(browser, SCREENSHOTS, "access-used");
	}

	@Test
	void theUsedLinkPageAsksForANewLinkWhichArrivesByEmail() {
		checkoutCompleted();
		this.sender.deliverDue();
		String link = AccessEmailIntegrationTests.received().get(0).linkPath();
		open(link);
		HeadlessChromium.press(browser, "Reveal my token");
		MailServer.reset();
		open(link);
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("This link has been used");

		browser.findElement(By.id("email")).sendKeys(EMAIL);
		HeadlessChromium.press(browser, "Send me a new link");

		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Check your email");
		HeadlessChromium.screenshot(browser, SCREENSHOTS, "access-new-link-asked");
		this.sender.deliverDue();
		List<ReceivedEmail> received = AccessEmailIntegrationTests.received();
		assertThat(received).extracting(ReceivedEmail::recipients).containsExactly(List.of(EMAIL));
		String newLink = received.get(0).linkPath();
		assertThat(newLink).isNotEqualTo(link);
		open(newLink);
		HeadlessChromium.press(browser, "Reveal my token");
		assertThat(browser.findElement(By.id("token")).getText()).startsWith("xsen_");
	}

	private void checkoutCompleted() {
		this.customer.stripeHolds(SUBSCRIPTION, CUSTOMER, "active", BASIC, inDays(30));
		String payload = StripeFixtures
			.event("evt_access_browser_1", "checkout.session.completed", now(),
					StripeFixtures.completedCheckout("cs_test_access_browser_1", CUSTOMER, SUBSCRIPTION, EMAIL),
					StripeFixtures.CURRENT_API_VERSION)
			.toString();
		SignedWebhooks.deliver(this.client, payload).expectStatus().isOk();
	}

	private void open(String path) {
		browser.get("http://127.0.0.1:" + this.port + path);
	}

}
