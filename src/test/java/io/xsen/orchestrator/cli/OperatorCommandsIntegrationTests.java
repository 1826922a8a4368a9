package io.xsen.orchestrator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import io.xsen.orchestrator.subscription.SubscriptionReports;
import io.xsen.orchestrator.subscription.SubscriptionReports.Revenue;
import io.xsen.orchestrator.support.CommandProcess;
import io.xsen.orchestrator.support.CommandProcess.Result;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SecondInstance;
import io.xsen.orchestrator.support.SignedWebhooks;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AdminApi.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code demo} and {@code smoke}, each in its own JVM as an operator runs them, against
 * the running service.
 */
@IntegrationTest
class OperatorCommandsIntegrationTests {

	@TempDir
	Path workingDirectory;

	@LocalServerPort
	private int port;

	@Autowired
	private RestTestClient client;

	@Autowired
	private DatabaseRows rows;

	@Autowired
	private SubscriptionReports reports;

	@BeforeEach
	void cleanSlate() {
		this.rows.clear();
	}

	@Test
	void theDemoFollowsThePrintedAccessEmailAndWalksACustomerThroughWithTheSettingsInDotEnv() throws Exception {
		Files.writeString(this.workingDirectory.resolve(".env"), """
				STRIPE_WEBHOOK_SECRET=%s
				ADMIN_API_KEY=%s
				STRIPE_PRICE_BASIC=price_basic_monthly,price_basic_yearly
				STRIPE_PRICE_PREMIUM=price_premium_monthly
				""".formatted(SignedWebhooks.SECRET, ADMIN_KEY));

		Result demo;
		// As under bin/xsen run: no SMTP host, emails printed.
		try (ConfigurableApplicationContext local = SecondInstance.start("--xsen.smtp.host=",
				"--xsen.mail.console=true", "--xsen.mail.poll-interval=200ms")) {
			demo = CommandProcess.run(this.workingDirectory, Map.of(), "", "demo",
					"http://127.0.0.1:" + local.getEnvironment().getRequiredProperty("local.server.port"));
		}

		assertThat(demo.exitStatus()).as(demo.output()).isZero();
		assertThat(demo.output()).contains("1. The service is up (GET /health)")
			.contains("signed customer.subscription.created")
			.containsPattern("To: demo\\+[0-9a-f]+@example\\.com")
			.contains("Subject: Welcome to XSEN: your access link")
			.containsPattern("The customer opens the link \\(GET /access/[A-Za-z0-9_-]+\\)\\s+200")
			.contains("The customer presses Reveal my token")
			.containsPattern("token xsen_")
			.containsPattern("The link is spent: pressing again issues nothing\\s+410 .*This link has been used")
			.doesNotContain("Support issues the customer a token instead")
			.contains("\"outcome\":\"applied\"")
			.contains("\"code\":\"tier_required\"")
			.contains("\"code\":\"subscription_inactive\"")
			.contains("XSEN premium chat is ready.")
			.contains("Demo complete")
			.doesNotContain("UNEXPECTED");
		// The console shows what the customers paid, as Stripe sends it, and the revenue
		// of the one who stays.
		assertThat(this.rows.subscriptions()).hasSize(2)
			.anySatisfy(subscription -> assertThat(subscription).containsEntry("status", "canceled")
				.containsEntry("price_amount", 1999L)
				.containsEntry("price_currency", "usd")
				.containsEntry("price_interval", "month")
				.containsEntry("price_interval_count", 1))
			.anySatisfy(subscription -> assertThat(subscription).containsEntry("status", "active")
				.containsEntry("price_amount", 999L));
		assertThat(this.reports.overview(30).revenue()).singleElement().isEqualTo(new Revenue("usd", 999, 1));
	}

	@Test
	void theDemoSaysWhatIsMissingWithoutTheAdminKey() throws Exception {
		Result demo = CommandProcess.run(this.workingDirectory,
				Map.of("STRIPE_WEBHOOK_SECRET", SignedWebhooks.SECRET, "ADMIN_API_KEY", ""), "", "demo", baseUrl());

		assertThat(demo.exitStatus()).isEqualTo(2);
		assertThat(demo.output()).contains("ADMIN_API_KEY");
	}

	@Test
	void theSmokeTestPassesAgainstAHealthyServiceWithoutAToken() throws Exception {
		Result smoke = CommandProcess.run(this.workingDirectory, Map.of(), "", "smoke", baseUrl());

		assertThat(smoke.exitStatus()).as(smoke.output()).isZero();
		assertThat(smoke.output()).contains("PASS  GET /health answers 200 healthy")
			.contains("PASS  GET /api/subscription without a token answers 401")
			.contains("PASS  POST /webhooks/stripe without a signature answers 400")
			.contains("3 passed, 0 failed");
	}

	@Test
	void theSmokeTestChecksTheTierEndpointsWithACustomersToken() throws Exception {
		String token = basicCustomerToken("cus_SmokeBasic0001");

		Result smoke = CommandProcess.run(this.workingDirectory, Map.of(), "", "smoke", baseUrl(), token);

		assertThat(smoke.exitStatus()).as(smoke.output()).isZero();
		assertThat(smoke.output()).contains("PASS  GET /api/subscription with the token answers 200 (tier basic")
			.contains("PASS  GET /api/chat answers 200")
			.contains("PASS  GET /api/chat/premium answers 403 tier_required below premium")
			.contains("6 passed, 0 failed")
			.doesNotContain(token);
	}

	@Test
	void theSmokeTestFailsWithAnUnknownTokenAndExitsNonZero() throws Exception {
		Result smoke = CommandProcess.run(this.workingDirectory, Map.of(), "", "smoke", baseUrl(),
				"xsen_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

		assertThat(smoke.exitStatus()).as(smoke.output()).isEqualTo(1);
		assertThat(smoke.output()).contains("FAIL  GET /api/subscription with the token answers 200")
			.contains("invalid_token");
	}

	@Test
	void theSmokeTestFailsWhenNothingAnswers() throws Exception {
		Result smoke = CommandProcess.run(this.workingDirectory, Map.of(), "", "smoke", "http://127.0.0.1:1");

		assertThat(smoke.exitStatus()).isEqualTo(1);
		assertThat(smoke.output()).contains("FAIL");
	}

	private String basicCustomerToken(String customer) {
		String payload = StripeFixtures.event("evt_smoke_" + customer, "customer.subscription.updated",
				Instant.now().getEpochSecond(), StripeFixtures.subscription("sub_" + customer, customer, "active",
						"price_basic_monthly", Instant.now().getEpochSecond() + 86400),
				StripeFixtures.CURRENT_API_VERSION)
			.toString();
		this.client.post()
			.uri("/webhooks/stripe")
			.header("Stripe-Signature", SignedWebhooks.signature(payload))
			.contentType(MediaType.APPLICATION_JSON)
			.body(payload)
			.exchange()
			.expectStatus()
			.isOk();
		String body = this.client.post()
			.uri("/admin/customers/" + customer + "/tokens")
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return StripeFixtures.parse(body).path("token").stringValue();
	}

	private String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

}
