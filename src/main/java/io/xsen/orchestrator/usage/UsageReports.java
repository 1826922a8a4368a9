package io.xsen.orchestrator.usage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import io.xsen.orchestrator.subscription.CustomerNotFound;
import io.xsen.orchestrator.subscription.CustomerSubscription;
import io.xsen.orchestrator.subscription.SubscriptionAccess;
import io.xsen.orchestrator.subscription.SubscriptionLedger;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What customers used: the current period of one customer, as the customer and support
 * see it, and the heaviest users of the current periods, for the operator console.
 */
@Service
public class UsageReports {

	private final UsageSettlement settlement;

	private final PeriodQuota quota;

	private final TierLimits limits;

	private final SubscriptionLedger ledger;

	private final SubscriptionAccess access;

	private final JdbcClient jdbc;

	private final UsageTime time;

	UsageReports(UsageSettlement settlement, PeriodQuota quota, TierLimits limits, SubscriptionLedger ledger,
			SubscriptionAccess access, JdbcClient jdbc, UsageTime time) {
		this.settlement = settlement;
		this.quota = quota;
		this.limits = limits;
		this.ledger = ledger;
		this.access = access;
		this.jdbc = jdbc;
		this.time = time;
	}

	/**
	 * The usage of the subscription's current period.
	 */
	Usage usage(String subscriptionId, String customerId, @Nullable String tier, long extraMessages,
			@Nullable Instant periodStart, @Nullable Instant periodEnd) {
		return usage(UsagePeriod.current(subscriptionId, customerId, periodStart, periodEnd, this.time.now()), tier,
				extraMessages);
	}

	/**
	 * The customer's usage in the current period of the subscription that counts, with
	 * the periods before it.
	 * @throws CustomerNotFound when XSEN holds no subscription for the customer
	 */
	public CustomerUsage customerUsage(String customerId) {
		CustomerSubscription subscription = this.access.best(this.ledger.findByCustomer(customerId));
		if (subscription == null) {
			throw new CustomerNotFound(customerId);
		}
		UsagePeriod period = UsagePeriod.current(subscription.subscriptionId(), customerId,
				subscription.currentPeriodStart(), subscription.currentPeriodEnd(), this.time.now());
		Usage current = usage(period, subscription.tier(), subscription.extraMessages());
		// Earlier periods with what this instance served of them and has not recorded
		// yet.
		List<PastPeriod> previous = this.settlement.betweenSettlements(() -> this.jdbc.sql("""
				SELECT stripe_subscription_id AS subscription_id, tier, period_start, period_end, messages_used
				FROM usage_periods
				WHERE stripe_customer_id = :customer
				  AND NOT (stripe_subscription_id = :subscription AND period_start = :start)
				  AND period_start < :end
				ORDER BY period_start DESC
				""")
			.param("customer", customerId)
			.param("subscription", period.subscriptionId())
			.param("start", PeriodCountersSql.utc(period.start()))
			.param("end", PeriodCountersSql.utc(period.end()))
			.query(PastPeriodRow.class)
			.list()
			.stream()
			.map(row -> row.view(this.quota.unsettled(new UsagePeriod(row.subscriptionId(), customerId,
					row.periodStart().toInstant(), row.periodEnd().toInstant()))))
			.toList());
		return new CustomerUsage(customerId, subscription.subscriptionId(), subscription.tier(), current.periodStart(),
				current.periodEnd(), current.messagesUsed(), current.messagesLimit(), current.addOnMessages(),
				current.messagesRemaining(), current.requestsPerMinute(), previous);
	}

	/**
	 * The customers who sent the most messages in periods running now, most first.
	 */
	public List<TopUser> topUsers(int count) {
		// list(), not stream(): outside a transaction an unclosed stream keeps its
		// connection.
		return this.jdbc.sql("""
				SELECT stripe_customer_id AS customer_id, stripe_subscription_id AS subscription_id, tier,
				       period_end, messages_used
				FROM usage_periods
				WHERE period_end > now() AND period_start <= now()
				ORDER BY messages_used DESC, stripe_customer_id
				LIMIT :count
				""").param("count", count).query(TopUserRow.class).list().stream().map(TopUserRow::view).toList();
	}

	// With this instance's unsettled spending, so its own answers are never behind it.
	private Usage usage(UsagePeriod period, @Nullable String tier, long extraMessages) {
		Counter counter = this.settlement.betweenSettlements(() -> {
			long unsettled = this.quota.unsettled(period);
			Counter stored = this.jdbc.sql("""
					SELECT messages_used AS used, messages_reserved AS reserved
					FROM usage_periods WHERE stripe_subscription_id = :subscription AND period_start = :start
					""")
				.param("subscription", period.subscriptionId())
				.param("start", PeriodCountersSql.utc(period.start()))
				.query(Counter.class)
				.optional()
				.orElse(new Counter(0, 0));
			return new Counter(stored.used() + unsettled, stored.reserved());
		});
		TierLimits.Limits tierLimits = this.limits.of(tier).withAddOns(extraMessages);
		Long limit = tierLimits.messagesPerPeriod();
		Long remaining = null;
		if (limit != null) {
			long heldHere = this.quota.unspent(period);
			remaining = Math.max(0, limit - Math.max(counter.used(), counter.reserved() - heldHere));
		}
		return new Usage(period.start(), period.end(), counter.used(), limit, (limit != null) ? extraMessages : 0,
				remaining, tierLimits.requestsPerMinute());
	}

	/**
	 * A customer's usage in the current billing period; limits are {@code null} when
	 * unlimited.
	 *
	 * @param messagesLimit the period quota, add-ons included
	 * @param addOnMessages the part of {@code messagesLimit} that add-ons add
	 */
	public record Usage(Instant periodStart, Instant periodEnd, long messagesUsed, @Nullable Long messagesLimit,
			long addOnMessages, @Nullable Long messagesRemaining, @Nullable Long requestsPerMinute) {
	}

	/**
	 * What support sees: the current period as the customer sees it, and the periods
	 * before it, newest first.
	 */
	public record CustomerUsage(String customerId, String subscriptionId, @Nullable String tier, Instant periodStart,
			Instant periodEnd, long messagesUsed, @Nullable Long messagesLimit, long addOnMessages,
			@Nullable Long messagesRemaining, @Nullable Long requestsPerMinute, List<PastPeriod> previousPeriods) {
	}

	public record PastPeriod(String subscriptionId, @Nullable String tier, Instant periodStart, Instant periodEnd,
			long messagesUsed) {
	}

	/**
	 * One of the heaviest users of the periods running now.
	 */
	public record TopUser(String customerId, String subscriptionId, @Nullable String tier, Instant periodEnd,
			long messagesUsed) {
	}

	private record PastPeriodRow(String subscriptionId, @Nullable String tier, OffsetDateTime periodStart,
			OffsetDateTime periodEnd, long messagesUsed) {

		PastPeriod view(long unsettled) {
			return new PastPeriod(this.subscriptionId, this.tier, this.periodStart.toInstant(),
					this.periodEnd.toInstant(), this.messagesUsed + unsettled);
		}

	}

	private record TopUserRow(String customerId, String subscriptionId, @Nullable String tier, OffsetDateTime periodEnd,
			long messagesUsed) {

		TopUser view() {
			return new TopUser(this.customerId, this.subscriptionId, this.tier, this.periodEnd.toInstant(),
					this.messagesUsed);
		}

	}

	private record Counter(long used, long reserved) {
	}

}
