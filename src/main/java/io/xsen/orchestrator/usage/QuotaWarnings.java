package io.xsen.orchestrator.usage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.xsen.orchestrator.email.EmailOutbox;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells a customer when a settlement takes the period's messages to 80 % and to 100 % of
 * the quota: the email is queued in the settlement's transaction, once per subscription,
 * kind and period.
 */
@Component
class QuotaWarnings {

	private static final String USED = """
			SELECT u.stripe_subscription_id, extract(epoch FROM u.period_start)::bigint AS period_start,
			       u.messages_used
			FROM usage_periods u
			JOIN unnest(?::text[], ?::bigint[]) AS s(subscription, period_start)
			  ON u.stripe_subscription_id = s.subscription AND u.period_start = to_timestamp(s.period_start)
			""";

	private final JdbcTemplate jdbc;

	private final TierLimits limits;

	private final EmailOutbox emails;

	QuotaWarnings(JdbcTemplate jdbc, TierLimits limits, EmailOutbox emails) {
		this.jdbc = jdbc;
		this.limits = limits;
		this.emails = emails;
	}

	/**
	 * Queues the warnings the settlement's messages crossed into; called inside the
	 * settlement's transaction, after its counts are recorded.
	 */
	void check(List<UsageCounters.Settlement> settlements) {
		Map<String, UsageCounters.Settlement> counted = new HashMap<>();
		for (UsageCounters.Settlement settlement : settlements) {
			if (settlement.spent() > 0 && this.limits.of(settlement.tier()).messagesPerPeriod() != null) {
				counted.put(key(settlement.period().subscriptionId(), settlement.period().start().getEpochSecond()),
						settlement);
			}
		}
		if (counted.isEmpty()) {
			return;
		}
		List<UsageCounters.Settlement> rows = new ArrayList<>(counted.values());
		this.jdbc.query(connection -> {
			PreparedStatement statement = connection.prepareStatement(USED);
			statement.setArray(1, connection.createArrayOf("text",
					rows.stream().map(settlement -> settlement.period().subscriptionId()).toArray()));
			statement.setArray(2, connection.createArrayOf("bigint",
					rows.stream().map(settlement -> settlement.period().start().getEpochSecond()).toArray()));
			return statement;
		}, (ResultSet rs) -> {
			UsageCounters.Settlement settlement = counted
				.get(key(rs.getString("stripe_subscription_id"), rs.getLong("period_start")));
			long limit = this.limits.of(settlement.tier()).messagesPerPeriod();
			long after = rs.getLong("messages_used");
			long before = after - settlement.spent();
			if (before * 5 < limit * 4 && after * 5 >= limit * 4) {
				warn(settlement, "quota_80", after, limit);
			}
			if (before < limit && after >= limit) {
				warn(settlement, "quota_100", after, limit);
			}
		});
	}

	private void warn(UsageCounters.Settlement settlement, String kind, long used, long limit) {
		UsagePeriod period = settlement.period();
		this.emails.enqueueQuotaWarning(period.subscriptionId(), kind, period.start(), period.end(), used, limit);
	}

	private static String key(String subscriptionId, long periodStart) {
		return subscriptionId + "@" + periodStart;
	}

}
