package io.xsen.orchestrator.email;

import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.xsen.orchestrator.subscription.SubscriptionLedger;
import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.InfoLogging;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.MailServer;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.PlatformTransactionManager;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.AdminApi.admin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without an SMTP host emails stay in the outbox as {@code unsent}; in local development
 * each is printed to the console once, with a link that works, and no token is ever
 * logged.
 */
@IntegrationTest
@CleanSlate
@ExtendWith({ OutputCaptureExtension.class, InfoLogging.class })
class OfflineEmailIntegrationTests {

	private static final Pattern LINK = Pattern.compile("https://xsen\\.test(/access/[A-Za-z0-9_-]{32})");

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private PlatformTransactionManager transactions;

	@Autowired
	private EmailTemplates templates;

	@Autowired
	private AccessLinks links;

	@Autowired
	private PrintedEmails printed;

	@Autowired
	private JsonMapper json;

	@Autowired
	private EmailProperties properties;

	@Autowired
	private SubscriptionLedger ledger;

	@BeforeEach
	void customerCheckedOut() {
		MailServer.reset();
		AccessScenario stripe = new AccessScenario(this.client);
		stripe.stripeHolds("sub_1TEmailOffline4Gs8", "cus_TEmailOffline2", "active", BASIC, inDays(30));
		stripe
			.deliver("checkout.session.completed", now(), StripeFixtures.completedCheckout("cs_test_offline",
					"cus_TEmailOffline2", "sub_1TEmailOffline4Gs8", "offline@example.com"))
			.expectStatus()
			.isOk();
	}

	@Test
	void inLocalDevelopmentTheEmailIsPrintedOnceWithAWorkingLinkAndKeptUnsent(CapturedOutput output) {
		EmailSender withoutSmtp = senderWithoutSmtp(true);

		withoutSmtp.deliverDue();
		withoutSmtp.deliverDue();

		Matcher link = LINK.matcher(output.getOut());
		assertThat(link.find()).isTrue();
		String path = link.group(1);
		assertThat(link.find()).as("printed once").isFalse();
		assertThat(output.getOut()).contains("To: offline@example.com", "Subject: Welcome to XSEN: your access link");
		assertThat(status()).isEqualTo("unsent");
		assertThat(MailServer.received()).isEmpty();

		long id = this.jdbc.sql("SELECT id FROM email_outbox").query(Long.class).single();
		admin(this.client.get().uri("/admin/emails/{id}/printed", id)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.recipient")
			.isEqualTo("offline@example.com")
			.jsonPath("$.subject")
			.isEqualTo("Welcome to XSEN: your access link")
			.jsonPath("$.text")
			.value(String.class, text -> assertThat(text).contains("https://xsen.test" + path));

		LinkPages browser = new LinkPages(this.client);
		String revealed = browser.press(browser.open(path)).getResponseBody();
		Matcher token = Pattern.compile("xsen_[A-Za-z0-9_-]{43}").matcher(revealed);
		assertThat(token.find()).isTrue();
		assertThat(output.getAll()).doesNotContain(token.group());
	}

	@Test
	void elsewhereTheEmailIsKeptUnsentWithoutItsLinkInTheLog(CapturedOutput output) {
		senderWithoutSmtp(false).deliverDue();

		assertThat(output.getOut()).contains("kept as unsent: SMTP_HOST is not set").doesNotContain("/access/");
		assertThat(status()).isEqualTo("unsent");
		long id = this.jdbc.sql("SELECT id FROM email_outbox").query(Long.class).single();
		admin(this.client.get().uri("/admin/emails/{id}/printed", id)).expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("email_not_printed");
	}

	private EmailSender senderWithoutSmtp(boolean console) {
		EmailProperties p = this.properties;
		EmailProperties local = new EmailProperties(p.from(), p.publicBaseUrl(), p.accessLinkTtl(), console,
				p.pollInterval(), p.suspensionScanInterval(), p.retryBackoff(), p.retryBackoffMax(), p.retryFor(),
				p.linkRatePerMinute(), p.linkRatePerEmailPerHour(), p.portalReturnUrl());
		SmtpProperties noHost = new SmtpProperties(null, 587, null, null, true, Duration.ofSeconds(1),
				Duration.ofSeconds(1), Duration.ofSeconds(1));
		return new EmailSender(this.jdbc, this.transactions, this.templates, this.links, this.printed, this.json, local,
				noHost, this.ledger, Clock.systemUTC());
	}

	private String status() {
		return this.jdbc.sql("SELECT status FROM email_outbox").query(String.class).single();
	}

}
