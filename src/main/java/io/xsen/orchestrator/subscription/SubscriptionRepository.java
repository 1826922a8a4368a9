package io.xsen.orchestrator.subscription;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Subscription rows, with the row lock that serialises concurrent events for one
 * subscription. Plain SQL: a subscription is read whole and written back only when it
 * changed.
 */
@Repository
class SubscriptionRepository {

	private static final String COLUMNS = """
			id, stripe_subscription_id, stripe_customer_id, email, tier, status, price_id, current_period_start,
			current_period_end, cancel_at_period_end, state_created, state_source, past_due_since, last_event_id,
			price_amount, price_currency, price_interval, price_interval_count, started_at, canceled_at, ended_at,
			created_at, updated_at, extra_messages
			""";

	// The columns in the order of the constructor's parameters.
	private static final RowMapper<Subscription> ROWS = (rs, row) -> new Subscription(rs.getLong("id"),
			rs.getString("stripe_subscription_id"), rs.getString("stripe_customer_id"), rs.getString("email"),
			rs.getString("tier"), rs.getString("status"), rs.getString("price_id"), instant(rs, "current_period_start"),
			instant(rs, "current_period_end"), rs.getBoolean("cancel_at_period_end"), instant(rs, "state_created"),
			rs.getString("state_source"), instant(rs, "past_due_since"), rs.getString("last_event_id"),
			rs.getObject("price_amount", Long.class), rs.getString("price_currency"), rs.getString("price_interval"),
			rs.getObject("price_interval_count", Integer.class), instant(rs, "started_at"), instant(rs, "canceled_at"),
			instant(rs, "ended_at"), instant(rs, "created_at"), instant(rs, "updated_at"),
			rs.getLong("extra_messages"));

	private final JdbcClient jdbc;

	SubscriptionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Creates the row for a subscription seen for the first time; a concurrent insert of
	 * the same one is a no-op. The email is taken from the customer's other subscriptions
	 * until an event brings one.
	 */
	int insertIfAbsent(String subscriptionId, String customerId) {
		return this.jdbc.sql("""
				INSERT INTO subscriptions (stripe_subscription_id, stripe_customer_id, status, email)
				VALUES (:subscriptionId, :customerId, 'incomplete',
				        (SELECT s.email FROM subscriptions s
				          WHERE s.stripe_customer_id = :customerId AND s.email IS NOT NULL
				          ORDER BY s.updated_at DESC LIMIT 1))
				ON CONFLICT (stripe_subscription_id) DO NOTHING
				""").param("subscriptionId", subscriptionId).param("customerId", customerId).update();
	}

	Optional<Subscription> lockBySubscriptionId(String subscriptionId) {
		return rowsWhere("stripe_subscription_id = :value FOR UPDATE", subscriptionId).optional();
	}

	/**
	 * Writes the subscription back when it changed: an unchanged row is not written, so
	 * it notifies no instance of a change.
	 */
	void update(Subscription subscription) {
		if (!subscription.isChanged()) {
			return;
		}
		this.jdbc.sql("""
				UPDATE subscriptions
				SET email = :email, tier = :tier, status = :status, price_id = :priceId,
				    current_period_start = :periodStart, current_period_end = :periodEnd,
				    cancel_at_period_end = :cancelAtPeriodEnd, state_created = :stateCreated,
				    state_source = :stateSource, past_due_since = :pastDueSince, last_event_id = :lastEventId,
				    price_amount = :priceAmount, price_currency = :priceCurrency, price_interval = :priceInterval,
				    price_interval_count = :priceIntervalCount, started_at = :startedAt, canceled_at = :canceledAt,
				    ended_at = :endedAt, updated_at = :updatedAt
				WHERE id = :id
				""")
			.param("email", subscription.getEmail(), Types.VARCHAR)
			.param("tier", subscription.getTier(), Types.VARCHAR)
			.param("status", subscription.getStatus())
			.param("priceId", subscription.getPriceId(), Types.VARCHAR)
			.param("periodStart", utc(subscription.getCurrentPeriodStart()), Types.TIMESTAMP_WITH_TIMEZONE)
			.param("periodEnd", utc(subscription.getCurrentPeriodEnd()), Types.TIMESTAMP_WITH_TIMEZONE)
			.param("cancelAtPeriodEnd", subscription.isCancelAtPeriodEnd())
			.param("stateCreated", utc(subscription.getStateCreated()), Types.TIMESTAMP_WITH_TIMEZONE)
			.param("stateSource", subscription.getStateSource())
			.param("pastDueSince", utc(subscription.getPastDueSince()), Types.TIMESTAMP_WITH_TIMEZONE)
			.param("lastEventId", subscription.getLastEventId(), Types.VARCHAR)
			.param("priceAmount", subscription.getPriceAmount(), Types.BIGINT)
			.param("priceCurrency", subscription.getPriceCurrency(), Types.VARCHAR)
			.param("priceInterval", subscription.getPriceInterval(), Types.VARCHAR)
			.param("priceIntervalCount", subscription.getPriceIntervalCount(), Types.INTEGER)
			.param("startedAt", utc(subscription.getStartedAt()), Types.TIMESTAMP_WITH_TIMEZONE)
			.param("canceledAt", utc(subscription.getCanceledAt()), Types.TIMESTAMP_WITH_TIMEZONE)
			.param("endedAt", utc(subscription.getEndedAt()), Types.TIMESTAMP_WITH_TIMEZONE)
			.param("updatedAt", utc(subscription.getUpdatedAt()), Types.TIMESTAMP_WITH_TIMEZONE)
			.param("id", subscription.getId())
			.update();
	}

	/**
	 * Keeps the subscription's items as its latest snapshot shows them: the tier, add-ons
	 * and revenue are worked out from them again when the catalog changes.
	 */
	void replaceItems(String subscriptionId, List<SubscriptionItem> items, List<SubscriptionPrice> prices) {
		this.jdbc.sql("DELETE FROM subscription_items WHERE stripe_subscription_id = :id")
			.param("id", subscriptionId)
			.update();
		for (int position = 0; position < items.size(); position++) {
			SubscriptionItem item = items.get(position);
			SubscriptionPrice price = prices.stream()
				.filter(candidate -> candidate.priceId().equals(item.priceId()))
				.findFirst()
				.orElse(null);
			Long unitAmount = (price != null && price.amount() != null && item.quantity() > 0)
					? price.amount() / item.quantity() : null;
			this.jdbc.sql("""
					INSERT INTO subscription_items (stripe_subscription_id, position, price_id, quantity, unit_amount,
					                                currency, recurring_interval, interval_count)
					VALUES (:id, :position, :price, :quantity, :unitAmount, :currency, :interval, :intervalCount)
					""")
				.param("id", subscriptionId)
				.param("position", position)
				.param("price", item.priceId())
				.param("quantity", item.quantity())
				.param("unitAmount", unitAmount, Types.BIGINT)
				.param("currency", (price != null) ? price.currency() : null, Types.VARCHAR)
				.param("interval", (price != null) ? price.interval() : null, Types.VARCHAR)
				.param("intervalCount", (price != null) ? Math.max(price.intervalCount(), 1) : 1)
				.update();
		}
	}

	/**
	 * Sets the messages the subscription's add-ons add, writing only a change.
	 */
	void useExtraMessages(String subscriptionId, long extraMessages) {
		this.jdbc.sql("""
				UPDATE subscriptions SET extra_messages = :extra
				WHERE stripe_subscription_id = :id AND extra_messages <> :extra
				""").param("extra", extraMessages).param("id", subscriptionId).update();
	}

	/**
	 * The subscriptions holding any of these prices, each with its items in Stripe's
	 * order.
	 */
	Map<String, List<SubscriptionItem>> itemsHolding(Collection<String> priceIds) {
		Map<String, List<SubscriptionItem>> items = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT i.stripe_subscription_id, i.price_id, i.quantity FROM subscription_items i
				WHERE i.stripe_subscription_id IN (SELECT h.stripe_subscription_id FROM subscription_items h
				                                    WHERE h.price_id = ANY (:prices))
				ORDER BY i.stripe_subscription_id, i.position
				""")
			.param("prices", priceIds.toArray(String[]::new))
			.query((rs, row) -> items.computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
				.add(new SubscriptionItem(rs.getString(2), rs.getLong(3), null, null)))
			.list();
		return items;
	}

	Map<String, Long> extraMessages(Collection<String> subscriptionIds) {
		Map<String, Long> extra = new HashMap<>();
		this.jdbc.sql("""
				SELECT stripe_subscription_id, extra_messages FROM subscriptions
				WHERE stripe_subscription_id = ANY (:ids) AND extra_messages > 0
				""")
			.param("ids", subscriptionIds.toArray(String[]::new))
			.query((rs, row) -> extra.put(rs.getString(1), rs.getLong(2)))
			.list();
		return extra;
	}

	/**
	 * Gives a subscription the tier, tier price and add-on messages the catalog now says
	 * its items buy, writing only a change.
	 * @return whether the row changed
	 */
	boolean retier(String subscriptionId, @Nullable String tier, @Nullable String priceId, long extraMessages) {
		return this.jdbc.sql("""
				UPDATE subscriptions
				SET tier = :tier, price_id = coalesce(:priceId, price_id), extra_messages = :extra
				WHERE stripe_subscription_id = :id
				  AND (tier IS DISTINCT FROM :tier OR extra_messages <> :extra
				       OR (:priceId IS NOT NULL AND price_id IS DISTINCT FROM :priceId))
				""")
			.param("tier", tier, Types.VARCHAR)
			.param("priceId", priceId, Types.VARCHAR)
			.param("extra", extraMessages)
			.param("id", subscriptionId)
			.update() > 0;
	}

	/**
	 * Gives every subscription of the customer the email Stripe holds for the customer,
	 * {@code null} for none.
	 * @return how many rows changed
	 */
	int useCustomerEmail(String customerId, @Nullable String email) {
		return this.jdbc.sql("""
				UPDATE subscriptions SET email = :email
				WHERE stripe_customer_id = :customer AND email IS DISTINCT FROM :email
				""").param("email", email, Types.VARCHAR).param("customer", customerId).update();
	}

	/**
	 * The stored snapshot's order, read without locking the row.
	 */
	Optional<StoredOrderRow> findStoredOrder(String subscriptionId) {
		return this.jdbc.sql("""
				SELECT state_created, state_source, updated_at FROM subscriptions
				WHERE stripe_subscription_id = :id AND state_created IS NOT NULL
				""")
			.param("id", subscriptionId)
			.query((rs, row) -> new StoredOrderRow(instant(rs, "state_created"), rs.getString("state_source"),
					instant(rs, "updated_at")))
			.optional();
	}

	Optional<Subscription> findByStripeSubscriptionId(String subscriptionId) {
		return rowsWhere("stripe_subscription_id = :value", subscriptionId).optional();
	}

	List<Subscription> findPastDueSince(Instant enteredBefore) {
		return rowsWhere("status = 'past_due' AND past_due_since < :value ORDER BY past_due_since", utc(enteredBefore))
			.list();
	}

	List<Subscription> findByStripeCustomerIdOrderByCreatedAtDesc(String customerId) {
		return rowsWhere("stripe_customer_id = :value ORDER BY created_at DESC", customerId).list();
	}

	// Matches the lower(email) index. Once XSEN has heard the customer's email from
	// Stripe, an address the customer left finds nothing, even on a row that still shows
	// it.
	List<Subscription> findByEmail(String email) {
		return rowsWhere("""
				lower(email) = lower(:value) AND xsen_is_customer_email(stripe_customer_id, :value)
				ORDER BY created_at DESC
				""", email).list();
	}

	// The rows a condition on one value selects, with what follows it (an order, a lock).
	private JdbcClient.MappedQuerySpec<Subscription> rowsWhere(String condition, @Nullable Object value) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM subscriptions WHERE " + condition)
			.param("value", value)
			.query(ROWS);
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

}
