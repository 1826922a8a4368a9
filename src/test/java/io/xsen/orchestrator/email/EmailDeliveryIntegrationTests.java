package io.xsen.orchestrator.email;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.MailServer;
import io.xsen.orchestrator.support.SecondInstance;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.AdminApi.admin;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox delivers each email once: across two instances, through an SMTP outage, and
 * again only when an operator resends it.
 */
@IntegrationTest
@CleanSlate
class EmailDeliveryIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private EmailSender sender;

	@Autowired
	private JdbcClient jdbc;

	private AccessScenario stripe;

	@BeforeEach
	void mailServerEmpty() {
		MailServer.reset();
		this.stripe = new AccessScenario(this.client);
	}

	@AfterEach
	void mailServerUp() {
		MailServer.reset();
	}

	@Test
	void twoInstancesSendEachEmailOnce() {
		List<String> recipients = IntStream.range(0, 8).mapToObj(this::customerCheckedOut).toList();
		EmailSender second = SecondInstance.context().getBean(EmailSender.class);

		CompletableFuture
			.allOf(CompletableFuture.runAsync(this.sender::deliverDue), CompletableFuture.runAsync(second::deliverDue),
					CompletableFuture.runAsync(this.sender::deliverDue), CompletableFuture.runAsync(second::deliverDue))
			.join();

		assertThat(AccessEmailIntegrationTests.received()).flatExtracting(ReceivedEmail::recipients)
			.containsExactlyInAnyOrderElementsOf(recipients);
		assertThat(emails("sent")).hasSize(recipients.size());
	}

	@Test
	void anEmailTheSmtpServerRefusedIsDeliveredOnceWhenItIsBack() {
		MailServer.down();
		String recipient = customerCheckedOut(1);

		this.sender.deliverDue();

		JsonNode unsent = emails("unsent").get(0);
		assertThat(unsent.path("attempts").asInt()).isEqualTo(1);
		assertThat(unsent.path("last_error").asString()).isNotBlank();
		assertThat(MailServer.received()).isEmpty();

		MailServer.up();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			this.sender.deliverDue();
			assertThat(MailServer.received()).hasSize(1);
		});
		this.sender.deliverDue();

		List<ReceivedEmail> received = AccessEmailIntegrationTests.received();
		assertThat(received).singleElement().satisfies(email -> {
			assertThat(email.recipients()).containsExactly(recipient);
			assertThat(email.messageId()).isEqualTo("<xsen-email-" + unsent.path("id").asLong() + "-0@xsen.test>");
		});
		assertThat(emails("sent")).singleElement()
			.satisfies(sent -> assertThat(sent.path("attempts").asInt()).isEqualTo(2));
	}

	@Test
	void anEmailStillRefusedWhenItsRetryWindowClosesIsFailedUntilAnOperatorResendsIt() {
		MailServer.down();
		customerCheckedOut(2);
		this.jdbc.sql("UPDATE email_outbox SET retry_until = now()").update();

		this.sender.deliverDue();

		JsonNode failed = emails("failed").get(0);
		long id = failed.path("id").asLong();
		assertThat(emails("unsent")).isEmpty();
		MailServer.up();
		this.sender.deliverDue();
		assertThat(MailServer.received()).isEmpty();

		JsonNode resent = json(
				admin(this.client.post().uri("/admin/emails/{id}/resend", id)).expectStatus().isAccepted());
		assertThat(resent.path("status").asString()).isEqualTo("unsent");
		this.sender.deliverDue();

		assertThat(AccessEmailIntegrationTests.received()).singleElement()
			.satisfies(email -> assertThat(email.messageId()).isEqualTo("<xsen-email-" + id + "-1@xsen.test>"));
		assertThat(emails("sent")).hasSize(1);
	}

	@Test
	void operatorsListEmailsByStatusWithTheAdminKeyOnly() {
		customerCheckedOut(3);
		this.sender.deliverDue();

		assertThat(emails("sent")).singleElement().satisfies(email -> {
			assertThat(email.path("kind").asString()).isEqualTo("access");
			assertThat(email.path("recipient").asString()).isEqualTo("customer3@example.com");
			assertThat(email.toString()).doesNotContain("/access/");
		});
		assertThat(emails("failed")).isEmpty();
		admin(this.client.get().uri("/admin/emails?status=lost")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_request");
		admin(this.client.post().uri("/admin/emails/{id}/resend", 987654321)).expectStatus().isNotFound();
		this.client.get().uri("/admin/emails?status=sent").exchange().expectStatus().isUnauthorized();
	}

	private String customerCheckedOut(int n) {
		String customer = "cus_TEmailDelivery" + n;
		String subscription = "sub_1TEmailDelivery" + n;
		String email = "customer" + n + "@example.com";
		this.stripe.stripeHolds(subscription, customer, "active", BASIC, inDays(30));
		this.stripe
			.deliver("checkout.session.completed", now(),
					StripeFixtures.completedCheckout("cs_test_delivery_" + n, customer, subscription, email))
			.expectStatus()
			.isOk();
		return email;
	}

	private List<JsonNode> emails(String status) {
		JsonNode list = json(
				admin(this.client.get().uri("/admin/emails?status={status}", status)).expectStatus().isOk());
		return list.path("emails").valueStream().toList();
	}

}
