package io.xsen.orchestrator.checkout;

import java.nio.file.Path;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.HeadlessChromium;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.StripeApiFake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A buyer back from Stripe Checkout reveals the token on the welcome page in a real
 * headless Chromium, once: the page then says it was revealed, and a page left open
 * reveals nothing more. Screenshots are kept under {@code target/welcome-screenshots}.
 */
@IntegrationTest
@CleanSlate
class WelcomePageBrowserIntegrationTests {

	private static final Path SCREENSHOTS = Path.of("target", "welcome-screenshots");

	private static WebDriver browser;

	@LocalServerPort
	private int port;

	@Autowired
	private AccessScenario scenario;

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

	@Test
	void theBuyerRevealsAWorkingTokenOnceThenThePageSaysItWasRevealed() {
		StripeApiFake.checkoutSessionIs(WelcomePageIntegrationTests.completed());

		openWelcome();
		HeadlessChromium.screenshot(browser, SCREENSHOTS, "welcome-ready");
		HeadlessChromium.press(browser, "Reveal my token");

		String token = browser.findElement(By.id("token")).getText().trim();
		assertThat(token).startsWith("xsen_");
		assertThat(browser.findElement(By.tagName("main")).getText()).contains("basic").contains("Valid until");
		assertThat(browser.findElement(By.id("curl")).getText()).contains("Authorization: Bearer " + token);
		assertThat(browser.findElements(By.xpath("//button[normalize-space(.)='Copy']"))).hasSize(2);
		HeadlessChromium.screenshot(browser, SCREENSHOTS, "welcome-token");
		this.scenario.get("/api/chat", token).expectStatus().isOk();

		openWelcome();
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Your token was already revealed");
		assertThat(browser.findElements(By.xpath("//button[normalize-space(.)='Reveal my token']"))).isEmpty();
	}

	@Test
	void aPageLeftOpenAfterTheClaimRevealsNothingAndSaysItWasRevealed() {
		StripeApiFake.checkoutSessionIs(WelcomePageIntegrationTests.completed());
		openWelcome();
		String claimed = this.scenario.claim(WelcomePageIntegrationTests.SESSION)
			.expectStatus()
			.isCreated()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(claimed).contains("xsen_");

		HeadlessChromium.press(browser, "Reveal my token");

		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Your token was already revealed");
		assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain("xsen_");
		HeadlessChromium.screenshot(browser, SCREENSHOTS, "welcome-already-revealed");
	}

	private void openWelcome() {
		browser.get("http://127.0.0.1:" + this.port + "/welcome?session_id=" + WelcomePageIntegrationTests.SESSION);
	}

}
