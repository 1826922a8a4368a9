package io.xsen.orchestrator.usage;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import io.xsen.orchestrator.ParameterInvalid;
import io.xsen.orchestrator.billing.StripeIds;
import io.xsen.orchestrator.security.ApiCustomer;
import io.xsen.orchestrator.subscription.CustomerNotFound;
import io.xsen.orchestrator.subscription.CustomerSubscription;
import io.xsen.orchestrator.subscription.SubscriptionAccess;
import io.xsen.orchestrator.subscription.SubscriptionLedger;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells a customer how much of the billing period's quota is used, and support the same
 * with the customer's earlier periods; neither request is metered.
 */
@RestController
class UsageController {

	private final UsageSettlement settlement;

	private final Quotas quotas;

	private final TierLimits limits;

	private final SubscriptionLedger ledger;

	private final SubscriptionAccess access;

	private final JdbcClient jdbc;

	private final Clock clock;

	UsageController(UsageSettlement settlement, Quotas quotas, TierLimits limits, SubscriptionLedger ledger,
			SubscriptionAccess access, JdbcClient jdbc, Clock clock) {
		this.settlement = settlement;
		this.quotas = quotas;
		this.limits = limits;
		this.ledger = ledger;
		this.access = access;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@GetMapping("/api/usage")
	Usage usage(@AuthenticationPrincipal ApiCustomer customer) {
		UsagePeriod period = UsagePeriod.current(String.valueOf(customer.subscriptionId()), customer.customerId(),
				customer.currentPeriodStart(), customer.currentPeriodEnd(), this.clock.instant());
		return usage(period, customer.tier());
	}

	@GetMapping("/admin/customers/{customer_id}/usage")
	CustomerUsage customerUsage(@PathVariable("customer_id") String customerId) {
		if (!StripeIds.isWellFormed(customerId)) {
			throw new ParameterInvalid("customer_id", "customer_id must be a Stripe customer id (cus_...)");
		}
		CustomerSubscription subscription = this.access.best(this.ledger.findByCustomer(customerId));
		if (subscription == null) {
			throw new CustomerNotFound(customerId);
		}
		UsagePeriod period = UsagePeriod.current(subscription.subscriptionId(), customerId,
				subscription.currentPeriodStart(), subscription.currentPeriodEnd(), this.clock.instant());
		Usage current = usage(period, subscription.tier());
		List<PastPeriod> previous = this.jdbc.sql("""
				SELECT stripe_subscription_id AS subscription_id, tier, period_start, period_end, messages_used
				FROM usage_periods
				WHERE stripe_customer_id = :customer
				  AND NOT (stripe_subscription_id = :subscription AND period_start = :start)
				  AND period_start < :end
				ORDER BY period_start DESC
				""")
			.param("customer", customerId)
			.param("subscription", period.subscriptionId())
			.param("start", UsageCounters.utc(period.start()))
			.param("end", UsageCounters.utc(period.end()))
			.query(PastPeriodRow.class)
			.stream()
			.map(PastPeriodRow::view)
			.toList();
		return new CustomerUsage(customerId, subscription.subscriptionId(), subscription.tier(), current.periodStart(),
				current.periodEnd(), current.messagesUsed(), current.messagesLimit(), current.messagesRemaining(),
				current.requestsPerMinute(), previous);
	}

	// Settles this instance's spending first, so its own answers are never behind it.
	private Usage usage(UsagePeriod period, @Nullable String tier) {
		this.settlement.settle();
		Counter counter = this.jdbc.sql("""
				SELECT messages_used AS used, messages_reserved AS reserved
				FROM usage_periods WHERE stripe_subscription_id = :subscription AND period_start = :start
				""")
			.param("subscription", period.subscriptionId())
			.param("start", UsageCounters.utc(period.start()))
			.query(Counter.class)
			.optional()
			.orElse(new Counter(0, 0));
		TierLimits.Limits tierLimits = this.limits.of(tier);
		Long limit = tierLimits.messagesPerPeriod();
		Long remaining = null;
		if (limit != null) {
			long heldHere = Optional.ofNullable(this.quotas.lease(period)).map(Quotas::unspent).orElse(0L);
			remaining = Math.max(0, limit - Math.max(counter.used(), counter.reserved() - heldHere));
		}
		return new Usage(period.start(), period.end(), counter.used(), limit, remaining,
				tierLimits.requestsPerMinute());
	}

	/**
	 * The customer's usage in the current billing period; limits are {@code null} when
	 * unlimited.
	 */
	record Usage(Instant periodStart, Instant periodEnd, long messagesUsed, @Nullable Long messagesLimit,
			@Nullable Long messagesRemaining, @Nullable Long requestsPerMinute) {
	}

	/**
	 * What support sees: the current period as the customer sees it, and the periods
	 * before it, newest first.
	 */
	record CustomerUsage(String customerId, String subscriptionId, @Nullable String tier, Instant periodStart,
			Instant periodEnd, long messagesUsed, @Nullable Long messagesLimit, @Nullable Long messagesRemaining,
			@Nullable Long requestsPerMinute, List<PastPeriod> previousPeriods) {
	}

	record PastPeriod(String subscriptionId, @Nullable String tier, Instant periodStart, Instant periodEnd,
			long messagesUsed) {
	}

	private record PastPeriodRow(String subscriptionId, @Nullable String tier, OffsetDateTime periodStart,
			OffsetDateTime periodEnd, long messagesUsed) {

		PastPeriod view() {
			return new PastPeriod(this.subscriptionId, this.tier, this.periodStart.toInstant(),
					this.periodEnd.toInstant(), this.messagesUsed);
		}

	}

	private record Counter(long used, long reserved) {
	}

}
