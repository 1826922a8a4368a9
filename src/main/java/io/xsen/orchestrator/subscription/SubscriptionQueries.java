package io.xsen.orchestrator.subscription;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The SQL by which another package reads a customer's subscriptions inside a statement of
 * its own, so that a hot path stays one query and the {@code subscriptions} table is
 * spelled out only in this package.
 */
public final class SubscriptionQueries {

	/**
	 * The select list for the rows of {@link #joinOnCustomer}, read back by
	 * {@link #read}.
	 */
	public static final String COLUMNS = """
			sub.stripe_subscription_id AS sub_subscription_id, sub.email AS sub_email, sub.tier AS sub_tier,
			sub.status AS sub_status, sub.price_id AS sub_price_id,
			sub.past_due_since AS sub_past_due_since, sub.current_period_start AS sub_current_period_start,
			sub.current_period_end AS sub_current_period_end,
			sub.cancel_at_period_end AS sub_cancel_at_period_end, sub.created_at AS sub_created_at,
			sub.updated_at AS sub_updated_at, sub.extra_messages AS sub_extra_messages""";

	private static final String PERIOD_STATUSES = Arrays.stream(SubscriptionStatus.values())
		.filter(SubscriptionStatus::coversPeriod)
		.map(status -> "'" + status.stripeName() + "'")
		.collect(Collectors.joining(", "));

	private SubscriptionQueries() {
	}

	/**
	 * Joins every subscription of the customer named by {@code customerIdColumn}, one row
	 * each, or one row of NULLs when the customer has none.
	 */
	public static String joinOnCustomer(String customerIdColumn) {
		return "LEFT JOIN subscriptions sub ON sub.stripe_customer_id = " + customerIdColumn;
	}

	/**
	 * The subscription on the current row of {@link #joinOnCustomer}, {@code null} on the
	 * row of a customer without subscriptions.
	 * @param customerId the customer joined on, whose id the subscription shares (one
	 * copy in memory, not two)
	 */
	public static @Nullable CustomerSubscription read(ResultSet rs, String customerId) throws SQLException {
		String status = rs.getString("sub_status");
		if (status == null) {
			return null;
		}
		// Tiers, statuses and prices are a handful of values: one copy each, not one per
		// subscription in the token cache.
		return new CustomerSubscription(rs.getString("sub_subscription_id"), customerId, rs.getString("sub_email"),
				interned(rs.getString("sub_tier")), status.intern(), interned(rs.getString("sub_price_id")),
				instant(rs.getObject("sub_past_due_since", OffsetDateTime.class)),
				instant(rs.getObject("sub_current_period_start", OffsetDateTime.class)),
				instant(rs.getObject("sub_current_period_end", OffsetDateTime.class)),
				rs.getBoolean("sub_cancel_at_period_end"),
				rs.getObject("sub_created_at", OffsetDateTime.class).toInstant(),
				rs.getObject("sub_updated_at", OffsetDateTime.class).toInstant(), rs.getLong("sub_extra_messages"));
	}

	private static @Nullable String interned(@Nullable String value) {
		return (value != null) ? value.intern() : null;
	}

	/**
	 * An SQL expression for the end of the period the customer named by the parameter
	 * {@code customerParameter} paid for: the latest period end among the subscriptions
	 * that grant, or are retrying payment for, access; NULL when there is none.
	 */
	public static String paidUntil(String customerParameter) {
		return """
				(SELECT max(sub.current_period_end) FROM subscriptions sub
				  WHERE sub.stripe_customer_id = :%s AND sub.status IN (%s))""".formatted(customerParameter,
				PERIOD_STATUSES);
	}

	private static @Nullable Instant instant(@Nullable OffsetDateTime value) {
		return (value != null) ? value.toInstant() : null;
	}

}
