package io.xsen.orchestrator.usage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.xsen.orchestrator.email.EmailOutbox;
import io.xsen.orchestrator.subscription.SubscriptionLedger;

import org.springframework.stereotype.Component;

/**
 * Tells a customer when a settlement takes the period's messages to 80 % and to 100 % of
 * the quota: the email is queued in the settlement's transaction, once per subscription,
 * kind and period.
 */
@Component
class QuotaWarnings {

	private final TierLimits limits;

	private final EmailOutbox emails;

	private final SubscriptionLedger ledger;

	QuotaWarnings(TierLimits limits, EmailOutbox emails, SubscriptionLedger ledger) {
		this.limits = limits;
		this.emails = emails;
		this.ledger = ledger;
	}

	/**
	 * Queues the warnings the settlement's messages crossed into; called inside the
	 * settlement's transaction with what each period has used after it.
	 */
	void check(List<PeriodSettlement> settlements, List<PeriodCounters.Settled> settled) {
		Map<String, PeriodSettlement> counted = new HashMap<>();
		for (PeriodSettlement settlement : settlements) {
			if (settlement.spent() > 0 && this.limits.of(settlement.tier()).messagesPerPeriod() != null) {
				counted.put(key(settlement.period().subscriptionId(), settlement.period().start().getEpochSecond()),
						settlement);
			}
		}
		// Add-ons raise a subscription's quota, so its warnings too.
		Map<String, Long> extraMessages = this.ledger
			.extraMessages(counted.values().stream().map(settlement -> settlement.period().subscriptionId()).toList());
		for (PeriodCounters.Settled period : settled) {
			PeriodSettlement settlement = counted.get(key(period.subscriptionId(), period.periodStart()));
			if (settlement == null) {
				continue;
			}
			long limit = this.limits.of(settlement.tier())
				.withAddOns(extraMessages.getOrDefault(period.subscriptionId(), 0L))
				.messagesPerPeriod();
			long after = period.messagesUsed();
			long before = after - settlement.spent();
			if (before * 5 < limit * 4 && after * 5 >= limit * 4) {
				warn(settlement, "quota_80", after, limit);
			}
			if (before < limit && after >= limit) {
				warn(settlement, "quota_100", after, limit);
			}
		}
	}

	private void warn(PeriodSettlement settlement, String kind, long used, long limit) {
		UsagePeriod period = settlement.period();
		this.emails.enqueueQuotaWarning(period.subscriptionId(), kind, period.start(), period.end(), used, limit);
	}

	private static String key(String subscriptionId, long periodStart) {
		return subscriptionId + "@" + periodStart;
	}

}
