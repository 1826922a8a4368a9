package io.xsen.orchestrator.console;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.xsen.orchestrator.support.AdminApi;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.HeadlessChromium;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An operator uses the console in a real headless Chromium: signs in, reads the overview,
 * finds a customer, issues and revokes a token after confirming, replays a failed event,
 * reads usage, sends an access link and resends an email. Each page's screenshot is kept
 * under {@code target/console-screenshots}.
 */
@IntegrationTest
@CleanSlate
class ConsoleBrowserIntegrationTests {

	private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

	private static WebDriver browser;

	@LocalServerPort
	private int port;

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	private ConsoleSubscribers subscribers;

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
	void freshSession() {
		this.subscribers = new ConsoleSubscribers(this.client);
		browser.manage().window().setSize(new Dimension(1280, 1000));
		open("/console/login");
		browser.manage().deleteAllCookies();
	}

	@Test
	void theOverviewCountsWhoHasAccessByTierAndTheMonthlyRevenue() {
		this.subscribers.subscribed("alice", "active", "price_basic_monthly", 2000, "usd", "month");
		this.subscribers.subscribed("bob", "active", "price_basic_yearly", 24000, "usd", "year");
		this.subscribers.subscribed("carol", "active", "price_premium_monthly", 5000, "usd", "month");
		this.subscribers.subscribed("erin", "active", "price_premium_monthly", 1500, "eur", "month");
		this.subscribers.subscribed("dave", "canceled", "price_basic_monthly", 2000, "usd", "month");

		signIn();

		assertThat(browser.getCurrentUrl()).endsWith("/console");
		assertThat(text("#access .figure")).isEqualTo("4");
		assertThat(text("#tier-basic")).isEqualTo("2");
		assertThat(text("#tier-premium")).isEqualTo("2");
		// 20.00 a month, 240.00 a year (20.00 a month) and 50.00 a month; euros apart.
		assertThat(text("#mrr")).contains("USD 90.00").contains("EUR 15.00");
		assertThat(text("#started")).isEqualTo("5");
		assertThat(text("#canceled")).isEqualTo("1");
		assertThat(text("#failed-webhooks .figure")).isEqualTo("0");
		assertThat(browser.findElement(By.cssSelector(".chart svg polyline")).getDomAttribute("points")).isNotBlank();
		// Numbers per day is collapsed, and opens on the days the number changed (five
		// started yesterday, dave ended today) instead of 90 rows, most of them zeros.
		assertThat(browser.findElement(By.id("numbers-per-day")).getDomAttribute("open")).isNull();
		browser.findElement(By.cssSelector("#numbers-per-day summary")).click();
		assertThat(browser.findElements(By.cssSelector("#numbers-per-day tbody tr")))
			.extracting(row -> row.findElement(By.cssSelector("td:last-child")).getText())
			.containsExactly("5", "4");
		screenshot("overview");
		browser.manage().window().setSize(new Dimension(375, 900));
		open("/console");
		assertThat(horizontalOverflow()).isFalse();
		screenshot("overview-375px");
	}

	@Test
	void thePlansPageShowsTheCatalogAfterSyncCatalogWithItsCustomersAndRevenue() {
		StripeApiFake.catalogIs(
				List.of(StripeFixtures.product("prod_TTeam", "Team", true,
						Map.of("xsen_tier", "team", "xsen_rank", "3", "xsen_messages_per_period", "50")),
						StripeFixtures.product("prod_TOld", "Old plan", false, Map.of())),
				List.of(StripeFixtures.price("price_team_monthly", "prod_TTeam", "usd", 9900, "month", "team_monthly"),
						StripeFixtures.price("price_team_yearly", "prod_TTeam", "usd", 99000, "year", null),
						StripeFixtures.price("price_old", "prod_TOld", "usd", 100, "month", null)));
		StripeApiFake.productFeaturesAre("prod_TTeam", "api_access", "priority_support");
		this.subscribers.subscribed("alice", "active", "price_team_monthly", 9900, "usd", "month");
		signIn();

		open("/console/plans");
		press("Sync catalog");

		assertThat(text(".notice")).contains("Catalog synced from Stripe: 2 products, 3 prices");
		assertThat(text("#plan-prod_TTeam .tier")).isEqualTo("team");
		assertThat(text("#plan-prod_TTeam .rank")).isEqualTo("3");
		assertThat(text("#plan-prod_TTeam .messages")).isEqualTo("50");
		assertThat(text("#plan-prod_TTeam .features")).contains("api_access").contains("priority_support");
		assertThat(text("#plan-prod_TOld .features")).isEqualTo("none");
		assertThat(text("#plan-prod_TTeam .customers")).isEqualTo("1");
		assertThat(text("#plan-prod_TTeam .mrr")).contains("USD 99.00");
		assertThat(text("#price-price_team_yearly")).contains("USD 990.00").contains("year").contains("active");
		assertThat(text("#plan-prod_TOld h2")).contains("archived");
		assertThat(text("#unmapped")).contains("price_old");
		open("/console");
		assertThat(text("#mrr")).contains("USD 99.00");
		screenshot("plans");
	}

	@Test
	void searchFindsACustomerByPartOfTheEmailInAnyCase() {
		this.subscribers.subscribed("alice", "active", "price_basic_monthly", 2000, "usd", "month");
		this.subscribers.subscribed("bob", "active", "price_premium_monthly", 5000, "usd", "month");
		signIn();

		open("/console/customers");
		browser.findElement(By.id("q")).sendKeys("ALI");
		press("Search");

		assertThat(text("#customers tbody")).contains("alice@example.com").contains("cus_alice").doesNotContain("bob");
		screenshot("customers");
		follow("cus_alice");
		assertThat(text("h1")).isEqualTo("alice@example.com");
		assertThat(text("#subscriptions")).contains("sub_alice").contains("active").contains("USD 20.00 / month");
		screenshot("customer");
	}

	@Test
	void aTokenIssuedInTheConsoleWorksUntilItIsRevokedThere() {
		this.subscribers.subscribed("alice", "active", "price_basic_monthly", 2000, "usd", "month");
		signIn();
		open("/console/customers/cus_alice");

		String token = issueToken();
		assertThat(token).startsWith("xsen_");
		screenshot("customer-token-issued");
		apiWith(token).expectStatus().isOk();

		open("/console/customers/cus_alice");
		press("Revoke token");
		assertThat(text("h1")).isEqualTo("Revoke the token?");
		assertThat(text("#consequence")).contains(prefix(token));
		apiWith(token).expectStatus().isOk();
		screenshot("customer-token-revoke-confirm");
		press("Revoke token");

		assertThat(text(".notice")).contains("Token revoked");
		assertThat(text("#tokens")).doesNotContain("live");
		apiWith(token).expectStatus().isUnauthorized();
	}

	@Test
	void issueTokenAsksFirstAndTheLiveTokenWorksUntilTheOperatorConfirms() {
		this.subscribers.subscribed("alice", "active", "price_basic_monthly", 2000, "usd", "month");
		signIn();
		open("/console/customers/cus_alice");
		String first = issueToken();
		open("/console/customers/cus_alice");

		press("Issue token");

		assertThat(text("h1")).isEqualTo("Issue a new token?");
		assertThat(text("#consequence")).contains(prefix(first)).contains("stops working");
		assertThat(browser.findElements(By.id("issued-token"))).isEmpty();
		apiWith(first).expectStatus().isOk();
		screenshot("customer-token-issue-confirm");
		follow("Cancel");
		assertThat(browser.getCurrentUrl()).endsWith("/console/customers/cus_alice");
		apiWith(first).expectStatus().isOk();

		press("Issue token");
		press("Issue token");

		String second = browser.findElement(By.id("issued-token")).getDomProperty("value");
		assertThat(second).startsWith("xsen_").isNotEqualTo(first);
		apiWith(first).expectStatus().isUnauthorized();
		apiWith(second).expectStatus().isOk();
	}

	@Test
	void aFailedEventIsProcessedByReplayOnceItsCauseIsFixed() {
		StripeApiFake.subscriptionsFailWith(500);
		this.subscribers.paidInvoice("alice", "price_basic_monthly").expectStatus().isEqualTo(503);
		signIn();

		open("/console/events");
		new Select(browser.findElement(By.id("status"))).selectByValue("failed");
		press("Filter");
		assertThat(browser.getCurrentUrl()).contains("status=failed");
		assertThat(text("#events tbody")).contains(ConsoleSubscribers.eventId("alice")).contains("failed");
		screenshot("events");
		follow(ConsoleSubscribers.eventId("alice"));
		assertThat(text("#event-status")).isEqualTo("failed");
		assertThat(text(".payload")).contains("\"invoice.payment_succeeded\"");

		StripeApiFake.reset();
		StripeApiFake.subscriptionIs(
				ConsoleSubscribers.subscription("alice", "active", "price_basic_monthly", 2000, "usd", "month"));
		press("Replay");

		assertThat(text(".notice")).contains("applied");
		assertThat(text("#event-status")).isEqualTo("processed");
		assertThat(text("#event-error")).isEqualTo("none");
		screenshot("event");
		open("/console/customers/cus_alice");
		assertThat(text("#subscriptions")).contains("active");
	}

	@Test
	void syncFromStripeBringsInASubscriptionAMissedWebhookLeftOut() {
		StripeApiFake.customerSubscriptionsAre("cus_frank",
				ConsoleSubscribers.subscription("frank", "active", "price_premium_monthly", 5000, "usd", "month"));
		signIn();
		open("/console/customers?q=cus_frank");
		follow("open cus_frank");
		assertThat(text("main")).contains("XSEN holds no subscription for this customer");

		press("Sync from Stripe");

		assertThat(text(".notice")).contains("XSEN now holds 1 subscription");
		assertThat(text("#subscriptions")).contains("sub_frank").contains("premium").contains("USD 50.00 / month");
	}

	@Test
	void theOverviewShowsTheHeaviestUsersAndTheEmailsNotYetSent() {
		this.subscribers.subscribed("alice", "active", "price_basic_monthly", 2000, "usd", "month");
		this.subscribers.subscribed("bob", "active", "price_premium_monthly", 5000, "usd", "month");
		signIn();
		open("/console/customers/cus_alice");
		String token = issueToken();
		for (int i = 0; i < 3; i++) {
			chatWith(token).expectStatus().isOk();
		}

		open("/console/customers/cus_alice");
		assertThat(text("#usage-messages")).startsWith("3 of ");
		// Each value sits beside its label, not across the page.
		Rectangle label = browser.findElement(By.xpath("//dl[@id='usage']/dt[1]")).getRect();
		Rectangle value = browser.findElement(By.id("usage-messages")).getRect();
		assertThat(value.getX() - (label.getX() + label.getWidth())).isLessThan(200);
		assertThat(text("#usage")).contains("sub_alice (basic)");
		screenshot("customer-usage");
		open("/console");

		// Each subscriber's welcome email waits in the outbox: no delivery ran.
		assertThat(text("#emails-unsent")).isEqualTo("2");
		assertThat(text("#emails-failed")).isEqualTo("0");
		// Top customers count settled messages: this instance settles every second.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			open("/console");
			assertThat(text("#top-usage tbody tr:first-child")).contains("cus_alice")
				.contains("basic")
				.contains("active")
				.contains("3");
		});
		screenshot("overview-usage-emails");
		follow("Unsent");
		assertThat(browser.getCurrentUrl()).contains("/console/emails?status=unsent");
		assertThat(text("#emails tbody")).contains("alice@example.com").contains("bob@example.com");
	}

	@Test
	void sendAccessLinkQueuesAnEmailForTheCustomer() {
		this.subscribers.subscribed("alice", "active", "price_basic_monthly", 2000, "usd", "month");
		signIn();
		open("/console/customers/cus_alice");

		press("Send access link");

		assertThat(text(".notice")).contains("Access link queued");
		assertThat(text("#customer-emails tbody tr:first-child")).contains("access_link")
			.contains("alice@example.com")
			.contains("unsent")
			.contains("not sent");
		assertThat(browser.findElements(By.xpath("//h2[normalize-space(.)='Emails']"))).hasSize(1);
		assertThat(text("main")).doesNotContain("Emails sent");
		assertThat(this.jdbc
			.sql("SELECT count(*) FROM email_outbox WHERE kind = 'access_link' AND stripe_customer_id = 'cus_alice'")
			.query(Long.class)
			.single()).isEqualTo(1);
		screenshot("customer-access-link");
	}

	@Test
	void aFailedEmailIsListedAndResendQueuesItAgain() {
		this.subscribers.subscribed("alice", "active", "price_basic_monthly", 2000, "usd", "month");
		this.subscribers.subscribed("bob", "active", "price_basic_monthly", 2000, "usd", "month");
		// The 24 hours of retries ran out for alice's welcome.
		this.jdbc.sql("""
				UPDATE email_outbox SET status = 'failed', attempts = 9, last_error = '550 mailbox unavailable'
				WHERE stripe_customer_id = 'cus_alice'
				""").update();
		signIn();
		assertThat(text("#emails-failed")).isEqualTo("1");
		follow("Failed");
		assertThat(text("#emails tbody")).contains("alice@example.com")
			.contains("550 mailbox unavailable")
			.doesNotContain("bob@example.com");
		screenshot("emails");

		press("Resend");

		assertThat(text(".notice")).contains("queued again");
		assertThat(browser.getCurrentUrl()).contains("/console/emails?status=failed");
		assertThat(text("main")).contains("0 emails");
		new Select(browser.findElement(By.id("status"))).selectByValue("unsent");
		press("Filter");
		assertThat(text("#emails tbody")).contains("alice@example.com").contains("bob@example.com");
		assertThat(this.jdbc.sql("SELECT resends FROM email_outbox WHERE stripe_customer_id = 'cus_alice'")
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void aWrongKeyIsRefusedWithTheFormAgain() {
		open("/console/login");
		browser.findElement(By.id("key")).sendKeys("not-the-admin-key");
		press("Sign in");

		assertThat(browser.getCurrentUrl()).contains("/console/login");
		assertThat(text("[role=alert]")).contains("not the admin key");
		screenshot("login-refused");
		open("/console");
		assertThat(browser.getCurrentUrl()).endsWith("/console/login");
	}

	@Test
	void loggingOutEndsTheSession() {
		signIn();
		press("Log out");

		assertThat(text("[role=status]")).contains("logged out");
		open("/console/customers");
		assertThat(browser.getCurrentUrl()).endsWith("/console/login");
	}

	private RestTestClient.ResponseSpec chatWith(String token) {
		return this.client.get().uri("/api/chat").header("Authorization", "Bearer " + token).exchange();
	}

	private RestTestClient.ResponseSpec apiWith(String token) {
		return this.client.get().uri("/api/subscription").header("Authorization", "Bearer " + token).exchange();
	}

	// What the console shows of a token: xsen_ and six characters.
	private static String prefix(String token) {
		return token.substring(0, 11) + "...";
	}

	// On the customer's page: Issue token, then Issue token again on the confirmation.
	private String issueToken() {
		press("Issue token");
		press("Issue token");
		return browser.findElement(By.id("issued-token")).getDomProperty("value");
	}

	private void signIn() {
		open("/console/login");
		screenshot("login");
		browser.findElement(By.id("key")).sendKeys(AdminApi.ADMIN_KEY);
		press("Sign in");
	}

	private void open(String path) {
		browser.get("http://127.0.0.1:" + this.port + path);
	}

	private static void press(String label) {
		HeadlessChromium.press(browser, label);
	}

	private static void follow(String linkText) {
		HeadlessChromium.leaveWith(browser, browser.findElement(By.linkText(linkText)));
	}

	private static String text(String css) {
		return browser.findElement(By.cssSelector(css)).getText().trim();
	}

	private static boolean horizontalOverflow() {
		Object overflow = ((JavascriptExecutor) browser)
			.executeScript("return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
		return Boolean.TRUE.equals(overflow);
	}

	private static void screenshot(String name) {
		HeadlessChromium.screenshot(browser, SCREENSHOTS, name);
	}

}
