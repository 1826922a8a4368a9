package io.xsen.orchestrator.subscription;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.xsen.orchestrator.subscription.SubscriptionReports.DayCount;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's numbers come from what XSEN stored from Stripe: subscribers per day from
 * start and end times, revenue from the kept prices, the search from emails and ids.
 */
@IntegrationTest
@CleanSlate
class SubscriptionReportsIntegrationTests {

	private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	@Autowired
	private SubscriptionLedger ledger;

	@Autowired
	private SubscriptionReports reports;

	@Test
	void eachDayCountsTheSubscriptionsThatHadBegunAndNotEndedByItsEnd() {
		record("sub_long", "cus_long", "active", daysAgo(10), null, null);
		record("sub_short", "cus_short", "canceled", daysAgo(5), daysAgo(2), daysAgo(2));
		record("sub_never", "cus_never", "incomplete_expired", daysAgo(3), null, daysAgo(2));

		List<DayCount> days = this.reports.subscribedPerDay(12);

		assertThat(days).hasSize(12);
		assertThat(days.get(11).day()).isEqualTo(LocalDate.ofInstant(NOW, ZoneOffset.UTC));
		assertThat(days.stream().map(DayCount::subscribed)).containsExactly(0L, 1L, 1L, 1L, 1L, 1L, 2L, 2L, 2L, 1L, 1L,
				1L);
	}

	@Test
	void revenueCountsPayingSubscriptionsWithAccessPerCurrencyAndYearlyPricesAsATwelfth() {
		record("sub_month", "cus_month", "active", daysAgo(40), null, null,
				new SubscriptionPrice("price_basic_monthly", 2000L, "usd", "month", 1));
		record("sub_year", "cus_year", "active", daysAgo(3), null, null,
				new SubscriptionPrice("price_basic_yearly", 24000L, "usd", "year", 1));
		record("sub_trial", "cus_trial", "trialing", daysAgo(3), null, null,
				new SubscriptionPrice("price_premium_monthly", 9000L, "usd", "month", 1));
		record("sub_gone", "cus_gone", "canceled", daysAgo(50), daysAgo(1), daysAgo(1),
				new SubscriptionPrice("price_basic_monthly", 2000L, "usd", "month", 1));

		SubscriptionReports.Overview overview = this.reports.overview(30);

		assertThat(overview.revenue()).containsExactly(new SubscriptionReports.Revenue("usd", 4000.0, 2));
		assertThat(overview.customersByTier()).containsEntry("basic", 2L).containsEntry("premium", 1L);
		assertThat(overview.customersWithAccess()).isEqualTo(3);
		assertThat(overview.started()).isEqualTo(2);
		assertThat(overview.canceled()).isEqualTo(1);
	}

	@Test
	void searchFindsPartOfAnEmailInAnyCaseTakingWildcardsLiterally() {
		record("sub_alice", "cus_alice", "active", daysAgo(1), null, null);
		record("sub_bob", "cus_bob", "active", daysAgo(1), null, null);

		assertThat(ids("LICE@EXA")).containsExactly("sub_alice");
		assertThat(ids("%")).isEmpty();
		assertThat(ids("a_ice")).isEmpty();
		assertThat(ids("cus_bob")).containsExactly("sub_bob");
		assertThat(ids("sub_alice")).containsExactly("sub_alice");
		assertThat(ids(null)).containsExactly("sub_bob", "sub_alice");
	}

	private List<String> ids(@Nullable String query) {
		return this.reports.search(query, null, null, PageRequest.of(0, 10))
			.map(SubscriptionDetails::subscriptionId)
			.getContent();
	}

	private void record(String subscription, String customer, String status, Instant started,
			@Nullable Instant canceled, @Nullable Instant ended) {
		record(subscription, customer, status, started, canceled, ended,
				new SubscriptionPrice("price_basic_monthly", 2000L, "usd", "month", 1));
	}

	private void record(String subscription, String customer, String status, Instant started,
			@Nullable Instant canceled, @Nullable Instant ended, SubscriptionPrice price) {
		this.ledger.record(
				new SubscriptionSnapshot(subscription, customer, status,
						List.of(new SubscriptionItem(price.priceId(), 1, null, null)), NOW.minus(10, ChronoUnit.DAYS),
						NOW.plus(20, ChronoUnit.DAYS), false, List.of(price), started, canceled, ended),
				StateOrder.event(NOW), customer.substring(4) + "@example.com", "evt_" + subscription);
	}

	private static Instant daysAgo(int days) {
		return NOW.minus(days, ChronoUnit.DAYS);
	}

}
