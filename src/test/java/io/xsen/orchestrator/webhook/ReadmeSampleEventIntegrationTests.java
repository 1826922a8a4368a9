package io.xsen.orchestrator.webhook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.xsen.orchestrator.subscription.SubscriptionReports;
import io.xsen.orchestrator.subscription.SubscriptionReports.Revenue;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SignedWebhooks;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signed sample event the README asks a new operator to send, taken from the README
 * itself, is applied and fills the console's revenue, without a Stripe account.
 */
@IntegrationTest
@CleanSlate
class ReadmeSampleEventIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private DatabaseRows rows;

	@Autowired
	private SubscriptionReports reports;

	@Test
	void theReadmesSampleEventIsAppliedAndCountsItsPriceAsMonthlyRevenue() throws IOException {
		long now = Instant.now().getEpochSecond();
		String body = readmeBody(now);

		SignedWebhooks.deliver(this.client, body)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("applied");

		assertThat(this.rows.subscription("sub_readme")).containsEntry("tier", "basic")
			.containsEntry("status", "active")
			.containsEntry("price_amount", 999L)
			.containsEntry("price_currency", "usd")
			.containsEntry("price_interval", "month");
		assertThat(this.reports.overview(30).revenue()).singleElement().isEqualTo(new Revenue("usd", 999, 1));
	}

	// The README's BODY='...' line as the shell expands it, with T the current time.
	private static String readmeBody(long t) throws IOException {
		String line = Files.readAllLines(Path.of("README.md"))
			.stream()
			.filter(candidate -> candidate.startsWith("BODY='"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("README.md has no BODY='...' line"));
		String body = line.substring("BODY='".length(), line.length() - 1)
			.replace("'$T'", Long.toString(t))
			.replace("'$((T+2592000))'", Long.toString(t + 2_592_000));
		assertThat(body).as("the README's BODY after the shell's substitutions").doesNotContain("$", "'");
		return body;
	}

}
