package io.xsen.orchestrator.console;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.SignedWebhooks;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Subscribers as Stripe would bring them in for the console's tests: the Stripe API fake
 * holds the subscription with its price, and a signed paid invoice carries the email.
 */
final class ConsoleSubscribers {

	private final RestTestClient client;

	ConsoleSubscribers(RestTestClient client) {
		this.client = client;
	}

	/**
	 * A customer subscribed today at {@code unitAmount} cents of {@code currency} per
	 * {@code interval}.
	 */
	void subscribed(String name, String status, String price, long unitAmount, String currency, String interval) {
		ObjectNode subscription = subscription(name, status, price, unitAmount, currency, interval);
		if ("canceled".equals(status)) {
			subscription.put("canceled_at", AccessScenario.now() - 3600).put("ended_at", AccessScenario.now() - 60);
		}
		StripeApiFake.subscriptionIs(subscription);
		paidInvoice(name, price).expectStatus().isOk();
	}

	/**
	 * Stripe's invoice for the customer's subscription; what XSEN does with it depends on
	 * what the Stripe API fake answers.
	 */
	RestTestClient.ResponseSpec paidInvoice(String name, String price) {
		ObjectNode invoice = StripeFixtures.invoice("in_" + name, customer(name), subscriptionId(name), price,
				AccessScenario.inDays(30), 2000);
		invoice.put("customer_email", name + "@example.com");
		String event = StripeFixtures
			.event(eventId(name), "invoice.payment_succeeded", AccessScenario.now(), invoice,
					StripeFixtures.CURRENT_API_VERSION)
			.toString();
		return SignedWebhooks.deliver(this.client, event);
	}

	static ObjectNode subscription(String name, String status, String price, long unitAmount, String currency,
			String interval) {
		ObjectNode subscription = StripeFixtures.subscription(subscriptionId(name), customer(name), status, price,
				AccessScenario.inDays(30));
		subscription.put("start_date", AccessScenario.now() - 86_400).put("created", AccessScenario.now() - 86_400);
		ObjectNode stripePrice = (ObjectNode) subscription.path("items").path("data").get(0).path("price");
		stripePrice.put("unit_amount", unitAmount).put("currency", currency);
		((ObjectNode) stripePrice.path("recurring")).put("interval", interval).put("interval_count", 1);
		return subscription;
	}

	static String customer(String name) {
		return "cus_" + name;
	}

	static String subscriptionId(String name) {
		return "sub_" + name;
	}

	static String eventId(String name) {
		return "evt_invoice_" + name;
	}

}
