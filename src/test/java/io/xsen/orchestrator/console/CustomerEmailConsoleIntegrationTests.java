package io.xsen.orchestrator.console;

import java.net.http.HttpResponse;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.AdminApi;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console shows and finds a customer by the email Stripe holds for them now, once
 * {@code customer.updated} says it changed.
 */
@IntegrationTest
@CleanSlate
class CustomerEmailConsoleIntegrationTests {

	private static final String NAME = "TEmailConsole8Jw";

	@LocalServerPort
	private int port;

	@Autowired
	private RestTestClient client;

	private ConsoleHttp browser;

	@BeforeEach
	void signedIn() {
		this.browser = new ConsoleHttp(this.port);
		this.browser.signIn(AdminApi.ADMIN_KEY);
	}

	@Test
	void aCustomerWhoChangedTheirEmailInStripeIsShownAndFoundByTheNewOne() {
		ConsoleSubscribers subscribers = new ConsoleSubscribers(this.client);
		subscribers.subscribed(NAME, "active", "price_basic_monthly", 2000, "usd", "month");
		String customer = ConsoleSubscribers.customer(NAME);
		assertThat(this.browser.get("/console/customers/" + customer).body())
			.contains("<h1><span>" + NAME + "@example.com</span></h1>");

		new AccessScenario(this.client)
			.deliver("customer.updated", AccessScenario.now() + 1,
					StripeFixtures.customer(customer, "moved@example.com"))
			.expectStatus()
			.isOk();

		HttpResponse<String> page = this.browser.get("/console/customers/" + customer);
		assertThat(page.body()).contains("<h1><span>moved@example.com</span></h1>");
		assertThat(this.browser.get("/console/customers?q=moved@example").body()).contains("1 subscription found")
			.contains("<td>moved@example.com</td>");
		assertThat(this.browser.get("/console/customers?q=" + NAME + "@example").body())
			.contains("0 subscriptions found");
	}

}
