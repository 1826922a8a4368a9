package io.xsen.orchestrator.billing;

import java.time.Instant;
import java.util.List;

import io.xsen.orchestrator.subscription.SubscriptionItem;
import io.xsen.orchestrator.subscription.SubscriptionPrice;
import io.xsen.orchestrator.subscription.SubscriptionSnapshot;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Stripe subscriptions, invoices and Checkout Sessions read in the current API shape and
 * the pre-2025 one, and refused when an id or a timestamp could not be stored.
 */
class StripeObjectsTests {

	private static final String CUSTOMER = "cus_QXg1o8vcGmoR32";

	private static final String SUBSCRIPTION = "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw";

	private static final long PERIOD_END = 1_766_592_000L;

	private static final long PERIOD_START = PERIOD_END - 30 * 86_400L;

	// The fixture's start_date.
	private static final Instant STARTED = Instant.ofEpochSecond(1_234_567_890L);

	@Test
	void aSubscriptionInTheCurrentShapeHasItsPeriodOnTheItems() {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_basic_monthly",
				PERIOD_END);
		assertThat(subscription.has("current_period_end")).isFalse();

		assertThat(StripeObjects.subscription(subscription)).isEqualTo(new SubscriptionSnapshot(SUBSCRIPTION, CUSTOMER,
				"active",
				List.of(new SubscriptionItem("price_basic_monthly", 1, Instant.ofEpochSecond(PERIOD_START),
						Instant.ofEpochSecond(PERIOD_END))),
				null, null, false, List.of(new SubscriptionPrice("price_basic_monthly", 2000L, "usd", "month", 1)),
				STARTED, null, null));
	}

	@Test
	void aPre2025SubscriptionHasItsPeriodAtTheTopLevel() {
		ObjectNode subscription = StripeFixtures.legacySubscription(SUBSCRIPTION, CUSTOMER, "past_due",
				"price_premium_monthly", PERIOD_END);
		subscription.put("cancel_at_period_end", true);

		assertThat(StripeObjects.subscription(subscription)).isEqualTo(new SubscriptionSnapshot(SUBSCRIPTION, CUSTOMER,
				"past_due", List.of(new SubscriptionItem("price_premium_monthly", 1, null, null)),
				Instant.ofEpochSecond(PERIOD_START), Instant.ofEpochSecond(PERIOD_END), true,
				List.of(new SubscriptionPrice("price_premium_monthly", 2000L, "usd", "month", 1)), STARTED, null,
				null));
	}

	@Test
	void eachItemKeepsItsOwnPeriodAndQuantity() {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_basic_monthly",
				PERIOD_END);
		ObjectNode addOn = StripeFixtures.load("subscription_item");
		((ObjectNode) addOn.path("price")).put("id", "price_addon_yearly");
		((ObjectNode) addOn.path("plan")).put("id", "price_addon_yearly");
		addOn.put("quantity", 0);
		addOn.put("current_period_start", PERIOD_START);
		addOn.put("current_period_end", PERIOD_START + 365 * 86_400L);
		((ArrayNode) subscription.path("items").path("data")).add(addOn);

		SubscriptionSnapshot snapshot = StripeObjects.subscription(subscription);

		assertThat(snapshot.items()).containsExactly(
				new SubscriptionItem("price_basic_monthly", 1, Instant.ofEpochSecond(PERIOD_START),
						Instant.ofEpochSecond(PERIOD_END)),
				new SubscriptionItem("price_addon_yearly", 0, Instant.ofEpochSecond(PERIOD_START),
						Instant.ofEpochSecond(PERIOD_START + 365 * 86_400L)));
		assertThat(snapshot.currentPeriodStart()).isNull();
		assertThat(snapshot.currentPeriodEnd()).isNull();
	}

	@Test
	void anItemWithoutAQuantityLikeAMeteredPriceCountsAsOne() {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_basic_monthly",
				PERIOD_END);
		ObjectNode item = (ObjectNode) subscription.path("items").path("data").get(0);
		item.remove("quantity");
		((ObjectNode) item.path("price").path("recurring")).put("usage_type", "metered");

		SubscriptionItem read = StripeObjects.subscription(subscription).items().get(0);

		assertThat(read.quantity()).isEqualTo(1);
		assertThat(read.counts()).isTrue();
		item.putNull("quantity");
		assertThat(StripeObjects.subscription(subscription).items().get(0).quantity()).isEqualTo(1);
	}

	@Test
	void aPlanNamedAtTheTopLevelIsAnItemOfItsOwnUnlessAnItemIsOnIt() {
		ObjectNode subscription = StripeFixtures.legacySubscription(SUBSCRIPTION, CUSTOMER, "active",
				"price_basic_monthly", PERIOD_END);
		subscription.putObject("plan").put("id", "price_basic_monthly");

		assertThat(StripeObjects.subscription(subscription).items()).extracting(SubscriptionItem::priceId)
			.containsExactly("price_basic_monthly");

		subscription.putObject("plan").put("id", "plan_team_legacy");
		subscription.put("quantity", 2);
		assertThat(StripeObjects.subscription(subscription).items()).containsExactly(
				new SubscriptionItem("price_basic_monthly", 1, null, null),
				new SubscriptionItem("plan_team_legacy", 2, null, null));
	}

	@Test
	void eachItemsPriceIsKeptWithAmountTimesQuantityCurrencyIntervalAndCancellationTimes() {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_basic_yearly",
				PERIOD_END);
		ObjectNode item = (ObjectNode) subscription.path("items").path("data").get(0);
		item.put("quantity", 3);
		ObjectNode price = (ObjectNode) item.path("price");
		price.put("unit_amount", 12000).put("currency", "EUR");
		((ObjectNode) price.path("recurring")).put("interval", "year").put("interval_count", 1);
		subscription.put("canceled_at", PERIOD_END - 100).put("ended_at", PERIOD_END);

		SubscriptionSnapshot snapshot = StripeObjects.subscription(subscription);

		assertThat(snapshot.prices())
			.containsExactly(new SubscriptionPrice("price_basic_yearly", 36000L, "eur", "year", 1));
		assertThat(snapshot.prices().get(0).monthlyAmount()).isEqualTo(3000.0);
		assertThat(snapshot.canceledAt()).isEqualTo(Instant.ofEpochSecond(PERIOD_END - 100));
		assertThat(snapshot.endedAt()).isEqualTo(Instant.ofEpochSecond(PERIOD_END));
	}

	@Test
	void aPriceWithoutAUnitAmountIsKeptWithoutAnAmount() {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_basic_monthly",
				PERIOD_END);
		((ObjectNode) subscription.path("items").path("data").get(0).path("price")).putNull("unit_amount");

		SubscriptionPrice price = StripeObjects.subscription(subscription).prices().get(0);

		assertThat(price.amount()).isNull();
		assertThat(price.monthlyAmount()).isNull();
	}

	@Test
	void aSubscriptionWithoutAKnownStatusIsUnreadable() {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "ended", "price_basic_monthly",
				PERIOD_END);
		assertThatExceptionOfType(StripeObjectUnreadable.class)
			.isThrownBy(() -> StripeObjects.subscription(subscription))
			.withMessage("Subscription " + SUBSCRIPTION + " has no known status");
		subscription.remove("status");
		assertThatExceptionOfType(StripeObjectUnreadable.class)
			.isThrownBy(() -> StripeObjects.subscription(subscription));
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "cus_QXg1o8vc'; drop table subscriptions;--", "cus_QXg1\u0000", "cus-QXg1", "", "cus_\u00e9" })
	void anIdThatIsNoStripeIdIsUnreadable(String customer) {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, customer, "active", "price_basic_monthly",
				PERIOD_END);
		assertThatExceptionOfType(StripeObjectUnreadable.class)
			.isThrownBy(() -> StripeObjects.subscription(subscription))
			.withMessage("Field 'customer' is not a Stripe id");
	}

	@Test
	void aMissingIdIsUnreadable() {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_basic_monthly",
				PERIOD_END);
		subscription.putNull("customer");
		assertThatExceptionOfType(StripeObjectUnreadable.class)
			.isThrownBy(() -> StripeObjects.subscription(subscription))
			.withMessage("Field 'customer' is missing");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "253402300800", "1000000000000000", "99999999999999999999", "1766592000.5",
			"\"1766592000\"", "true" })
	void aPeriodEndNoDatabaseCanHoldIsUnreadable(String periodEnd) {
		ObjectNode subscription = StripeFixtures.legacySubscription(SUBSCRIPTION, CUSTOMER, "active",
				"price_basic_monthly", PERIOD_END);
		subscription.set("current_period_end", StripeFixtures.parse(periodEnd));
		assertThatExceptionOfType(StripeObjectUnreadable.class)
			.isThrownBy(() -> StripeObjects.subscription(subscription))
			.withMessage("Field 'current_period_end' is not a timestamp within " + StripeTimestamps.range());
	}

	@Test
	void theFirstAndLastStorableSecondsAreRead() {
		for (long second : new long[] { StripeTimestamps.EARLIEST_SECOND, StripeTimestamps.LATEST_SECOND }) {
			ObjectNode subscription = StripeFixtures.legacySubscription(SUBSCRIPTION, CUSTOMER, "active",
					"price_basic_monthly", second);
			subscription.put("current_period_start", second);
			SubscriptionSnapshot snapshot = StripeObjects.subscription(subscription);
			assertThat(snapshot.currentPeriodStart()).isEqualTo(Instant.ofEpochSecond(second));
			assertThat(snapshot.currentPeriodEnd()).isEqualTo(Instant.ofEpochSecond(second));
		}
	}

	@Test
	void anInvoiceInTheCurrentShapeNamesItsSubscriptionUnderItsParent() {
		ObjectNode invoice = StripeFixtures.invoice("in_1Pgc6tB7WZ01zgkWu9fdqL6I", CUSTOMER, SUBSCRIPTION,
				"price_basic_monthly", PERIOD_END, 900);
		assertThat(invoice.path("subscription").isNull()).isTrue();

		assertThat(StripeObjects.invoiceSubscription(invoice))
			.contains(new InvoiceSubscription(SUBSCRIPTION, CUSTOMER, "customer@example.com"));
	}

	@Test
	void aPre2025InvoiceNamesItsSubscriptionAtTheTopLevel() {
		ObjectNode invoice = StripeFixtures.legacyInvoice("in_1Pgc6tB7WZ01zgkWu9fdqL6I", CUSTOMER, SUBSCRIPTION,
				"price_basic_monthly", PERIOD_END, 900);
		assertThat(invoice.has("parent")).isFalse();

		assertThat(StripeObjects.invoiceSubscription(invoice))
			.contains(new InvoiceSubscription(SUBSCRIPTION, CUSTOMER, "customer@example.com"));
	}

	@Test
	void anInvoiceForNoSubscriptionIsSkipped() {
		ObjectNode invoice = StripeFixtures.invoice("in_1Pgc6tB7WZ01zgkWu9fdqL6I", CUSTOMER, SUBSCRIPTION,
				"price_basic_monthly", PERIOD_END, 900);
		invoice.remove("parent");

		assertThat(StripeObjects.invoiceSubscription(invoice)).isEmpty();
	}

	@Test
	void anInvoiceWhoseLinePeriodNoDatabaseCanHoldIsUnreadable() {
		ObjectNode invoice = StripeFixtures.invoice("in_1Pgc6tB7WZ01zgkWu9fdqL6I", CUSTOMER, SUBSCRIPTION,
				"price_basic_monthly", PERIOD_END, 900);
		((ObjectNode) invoice.path("lines").path("data").get(0).path("period")).put("end", 253_402_300_800L);

		assertThatExceptionOfType(StripeObjectUnreadable.class)
			.isThrownBy(() -> StripeObjects.invoiceSubscription(invoice))
			.withMessageStartingWith("Field 'end' is not a timestamp");
	}

	@Test
	void aCheckoutSessionWithoutItsSubscriptionExpandedCompletedNoLaterThanItWasCreated() {
		ObjectNode session = StripeFixtures.completedCheckout("cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41", CUSTOMER,
				SUBSCRIPTION, "ada@example.com");
		session.put("created", 1_764_000_000L);

		CheckoutSession read = StripeObjects.checkoutSession(session);

		assertThat(read).isEqualTo(new CheckoutSession("cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41", "subscription",
				"complete", CUSTOMER, SUBSCRIPTION, null, "ada@example.com", Instant.ofEpochSecond(1_764_000_000L),
				Instant.ofEpochSecond(1_764_000_000L), null));
		assertThat(read.isSubscription()).isTrue();
		assertThat(read.isComplete()).isTrue();
	}

	@Test
	void aCheckoutSessionWithItsSubscriptionExpandedCompletedWhenTheSubscriptionWasCreated() {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_basic_monthly",
				PERIOD_END);
		subscription.put("created", 1_764_000_090L);
		ObjectNode session = StripeFixtures.completedCheckout("cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41", CUSTOMER,
				SUBSCRIPTION, "ada@example.com");
		session.put("created", 1_764_000_000L);
		session.set("subscription", subscription);

		CheckoutSession read = StripeObjects.checkoutSession(session);

		assertThat(read.subscriptionId()).isEqualTo(SUBSCRIPTION);
		assertThat(read.expandedSubscription()).isEqualTo(subscription);
		assertThat(read.created()).isEqualTo(Instant.ofEpochSecond(1_764_000_000L));
		assertThat(read.completed()).isEqualTo(Instant.ofEpochSecond(1_764_000_090L));
	}

	@Test
	void aCheckoutSessionsEmailFallsBackToCustomerEmailAndIgnoresControlCharacters() {
		ObjectNode session = StripeFixtures.completedCheckout("cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41", CUSTOMER,
				SUBSCRIPTION, "ada\u0000@example.com");
		session.put("customer_email", " grace@example.com ");

		assertThat(StripeObjects.checkoutSession(session).email()).isEqualTo("grace@example.com");
	}

	@Test
	void aCustomerGivesItsIdAndEmailAndAnExplicitNullSaysItHasNone() {
		assertThat(StripeObjects.customer(StripeFixtures.customer(CUSTOMER, " ada@example.com ")))
			.contains(new StripeCustomer(CUSTOMER, true, "ada@example.com"));
		assertThat(StripeObjects.customer(StripeFixtures.load("customer")))
			.contains(new StripeCustomer("cus_QXg1o8vcGmoR32", true, null));
	}

	@Test
	void aCustomersAddressIsKeptUpToStripesLimitOf512Characters() {
		String longest = "a".repeat(500) + "@example.com";

		assertThat(StripeObjects.customer(StripeFixtures.customer(CUSTOMER, longest)))
			.contains(new StripeCustomer(CUSTOMER, true, longest));
		assertThat(StripeObjects.customer(StripeFixtures.customer(CUSTOMER, "a" + longest)))
			.contains(new StripeCustomer(CUSTOMER, false, null));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "not-an-address", "ada@", "@example.com", "ada@@example.com",
			"ada lovelace@example.com", "ada\u0000@example.com" })
	void aCustomerWhoseEmailIsNotAnAddressSaysNothingOfItsEmail(String email) {
		assertThat(StripeObjects.customer(StripeFixtures.customer(CUSTOMER, email)))
			.contains(new StripeCustomer(CUSTOMER, false, null));
	}

	@Test
	void aCustomerWithoutAnEmailFieldSaysNothingOfItsEmail() {
		ObjectNode customer = StripeFixtures.customer(CUSTOMER, "ada@example.com");
		customer.remove("email");

		assertThat(StripeObjects.customer(customer)).contains(new StripeCustomer(CUSTOMER, false, null));
	}

	@Test
	void aBareCustomerIdOrADeletedCustomerShowsNoEmail() {
		assertThat(StripeObjects.customer(StripeFixtures.parse("\"" + CUSTOMER + "\""))).isEmpty();
		assertThat(StripeObjects
			.customer(StripeFixtures.parse("{\"id\":\"" + CUSTOMER + "\",\"object\":\"customer\",\"deleted\":true}")))
			.isEmpty();
	}

	@Test
	void aCheckoutSessionReadWithItsCustomerExpandedCarriesTheCustomersEmailAsOfTheRead() {
		ObjectNode session = StripeFixtures.completedCheckout("cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41", CUSTOMER,
				SUBSCRIPTION, "ada@example.com");
		Instant readAt = Instant.ofEpochSecond(1_764_000_100L);

		assertThat(StripeObjects.checkoutSession(session, readAt).customer()).isNull();

		session.set("customer", StripeFixtures.customer(CUSTOMER, "grace@example.com"));
		CheckoutSession read = StripeObjects.checkoutSession(session, readAt);
		assertThat(read.customerId()).isEqualTo(CUSTOMER);
		assertThat(read.email()).isEqualTo("ada@example.com");
		assertThat(read.customer()).isEqualTo(new CustomerRead(CUSTOMER, true, "grace@example.com", readAt));
		assertThat(StripeObjects.checkoutSession(session).customer()).isNull();
	}

	@Test
	void anUnfinishedPaymentModeSessionIsReadAsSuch() {
		CheckoutSession read = StripeObjects.checkoutSession(StripeFixtures.load("checkout_session"));

		assertThat(read.isSubscription()).isFalse();
		assertThat(read.isComplete()).isFalse();
		assertThat(read.customerId()).isNull();
		assertThat(read.subscriptionId()).isNull();
		assertThat(read.email()).isEqualTo("example@example.com");
	}

}
