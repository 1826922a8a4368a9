package io.xsen.orchestrator.subscription;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.xsen.orchestrator.catalog.CatalogPrice;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts and searches the stored subscriptions for the operator console: who has access
 * by tier, monthly recurring revenue per currency, starts and cancellations, access per
 * day, and the customer search; all from the database, never from Stripe.
 */
@Service
public class SubscriptionReports {

	// Subscriptions that never began (first payment failed) are neither new nor
	// cancelled nor counted on any day.
	private static final String BEGAN = "status NOT IN ('incomplete', 'incomplete_expired')";

	private static final String ALWAYS_GRANTING = Arrays.stream(SubscriptionStatus.values())
		.filter(status -> status.grantsAccess(null, Duration.ZERO, Instant.EPOCH))
		.map(status -> "'" + status.stripeName() + "'")
		.collect(Collectors.joining(", "));

	// The SQL twin of SubscriptionStatus.grantsAccess: past_due grants within the grace.
	// Spelled so that subscriptions_granting_idx covers it.
	private static final String GRANTS = "(status IN (" + ALWAYS_GRANTING + ", 'past_due') AND (status <> 'past_due'"
			+ " OR past_due_since > CAST(:now AS timestamptz) - :graceSeconds * interval '1 second'))";

	private static final String SEARCH = """
			WHERE (CAST(:query AS text) IS NULL OR lower(email) LIKE :pattern ESCAPE '\\'
			       OR stripe_customer_id = :query OR stripe_subscription_id = :query)
			  AND (CAST(:status AS text) IS NULL OR status = :status)
			  AND (CAST(:tier AS text) IS NULL OR tier = :tier)""";

	private final JdbcClient jdbc;

	private final SubscriptionRepository subscriptions;

	private final TierCatalog tiers;

	private final Duration pastDueGrace;

	private final Clock clock;

	SubscriptionReports(JdbcClient jdbc, SubscriptionRepository subscriptions, TierCatalog tiers,
			SubscriptionAccessProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.subscriptions = subscriptions;
		this.tiers = tiers;
		this.pastDueGrace = properties.pastDueGrace();
		this.clock = clock;
	}

	/**
	 * The business at a glance: customers with access by their best tier, MRR per
	 * currency and the starts and cancellations of the last {@code days} days.
	 */
	@Transactional(readOnly = true)
	public Overview overview(int days) {
		OffsetDateTime now = this.clock.instant().atOffset(ZoneOffset.UTC);
		List<String> highestFirst = new ArrayList<>(this.tiers.tiersAscending());
		Collections.reverse(highestFirst);
		Map<String, Long> byTier = new LinkedHashMap<>();
		highestFirst.forEach(tier -> byTier.put(tier, 0L));
		Map<Integer, String> tierByRank = new HashMap<>();
		highestFirst.forEach(tier -> tierByRank.put(this.tiers.rank(tier), tier));
		// Each customer once, at the best tier among the subscriptions that grant access.
		this.jdbc.sql("""
				SELECT best_rank, count(*) AS customers FROM (
				    SELECT max(%s) AS best_rank FROM subscriptions WHERE %s GROUP BY stripe_customer_id) best
				 GROUP BY best_rank""".formatted(rankOfTier(), GRANTS))
			.param("now", now)
			.param("graceSeconds", this.pastDueGrace.toSeconds())
			.query((rs, row) -> byTier.merge(tierByRank.getOrDefault(rs.getInt("best_rank"), ""),
					rs.getLong("customers"), Long::sum))
			.list();
		// Revenue, starts and cancellations in one pass over the table, summed per price
		// shape; the few sums become monthly amounts here.
		String paying = GRANTS + " AND status <> 'trialing' AND price_amount IS NOT NULL AND price_interval IS NOT NULL"
				+ " AND price_currency IS NOT NULL";
		List<PriceGroup> groups = this.jdbc.sql("""
				SELECT price_currency AS currency, price_interval AS price_interval,
				       price_interval_count AS interval_count, %s AS paying, sum(price_amount) AS amount,
				       count(*) AS subscriptions, count(*) FILTER (WHERE started_at >= :since) AS started,
				       count(*) FILTER (WHERE coalesce(canceled_at, ended_at) >= :since) AS canceled
				  FROM subscriptions WHERE %s GROUP BY 1, 2, 3, 4""".formatted(paying, BEGAN))
			.param("now", now)
			.param("graceSeconds", this.pastDueGrace.toSeconds())
			.param("since", now.minusDays(days))
			.query((rs, row) -> new PriceGroup(rs.getString("currency"), rs.getString("price_interval"),
					rs.getInt("interval_count"), rs.getBoolean("paying"), rs.getLong("amount"),
					rs.getLong("subscriptions"), rs.getLong("started"), rs.getLong("canceled")))
			.list();
		// Revenue from each item at the catalog's amount (the snapshot's where the
		// catalog
		// lacks the price), times its quantity; per currency, the subscriptions counted
		// once
		// whatever their items' intervals.
		Map<String, Double> monthlyByCurrency = new HashMap<>();
		Map<String, Long> subscriptionsByCurrency = new HashMap<>();
		this.jdbc.sql("""
				SELECT currency, price_interval, interval_count, sum(amount) AS amount,
				       count(DISTINCT subscription_id) AS subscriptions,
				       GROUPING(price_interval, interval_count) <> 0 AS currency_total
				  FROM (SELECT coalesce(p.currency, i.currency) AS currency,
				               coalesce(p.recurring_interval, i.recurring_interval) AS price_interval,
				               coalesce(p.interval_count, i.interval_count) AS interval_count,
				               coalesce(p.unit_amount, i.unit_amount) * i.quantity AS amount,
				               s.id AS subscription_id
				          FROM subscriptions s
				          JOIN subscription_items i ON i.stripe_subscription_id = s.stripe_subscription_id
				          LEFT JOIN catalog_prices p ON p.price_id = i.price_id
				         WHERE %s AND s.status <> 'trialing' AND i.quantity >= 1
				           AND coalesce(p.unit_amount, i.unit_amount) IS NOT NULL
				           AND coalesce(p.recurring_interval, i.recurring_interval) IS NOT NULL
				           AND coalesce(p.currency, i.currency) IS NOT NULL) AS items
				 GROUP BY GROUPING SETS ((currency, price_interval, interval_count), (currency))""".formatted(GRANTS))
			.param("now", now)
			.param("graceSeconds", this.pastDueGrace.toSeconds())
			.query((rs, row) -> {
				String currency = rs.getString("currency");
				if (rs.getBoolean("currency_total")) {
					subscriptionsByCurrency.put(currency, rs.getLong("subscriptions"));
				}
				else {
					Double monthly = CatalogPrice.monthly(rs.getLong("amount"), rs.getString("price_interval"),
							rs.getInt("interval_count"));
					if (monthly != null) {
						monthlyByCurrency.merge(currency, monthly, Double::sum);
					}
				}
				return currency;
			})
			.list();
		Map<String, Revenue> byCurrency = new HashMap<>();
		monthlyByCurrency.forEach((currency, monthly) -> byCurrency.put(currency,
				new Revenue(currency, monthly, subscriptionsByCurrency.getOrDefault(currency, 0L))));
		List<Revenue> revenue = byCurrency.values()
			.stream()
			.sorted(Comparator.comparingDouble(Revenue::monthlyAmount).reversed())
			.toList();
		return new Overview(byTier, revenue, groups.stream().mapToLong(PriceGroup::started).sum(),
				groups.stream().mapToLong(PriceGroup::canceled).sum());
	}

	/**
	 * For each product of the catalog (or each price the catalog lacks, as
	 * {@code price:<id>}): the customers whose subscriptions with access hold it, and its
	 * monthly recurring revenue per currency at the catalog's amounts.
	 */
	@Transactional(readOnly = true)
	public Map<String, PlanFigures> planFigures() {
		OffsetDateTime now = this.clock.instant().atOffset(ZoneOffset.UTC);
		Map<String, PlanFigures> figures = new HashMap<>();
		this.jdbc.sql("""
				SELECT coalesce(p.product_id, 'price:' || i.price_id) AS plan,
				       count(DISTINCT s.stripe_customer_id) AS customers,
				       coalesce(p.currency, i.currency) AS currency,
				       coalesce(p.recurring_interval, i.recurring_interval) AS price_interval,
				       coalesce(p.interval_count, i.interval_count) AS interval_count,
				       sum(coalesce(p.unit_amount, i.unit_amount) * i.quantity)
				           FILTER (WHERE s.status <> 'trialing') AS amount
				  FROM subscriptions s
				  JOIN subscription_items i ON i.stripe_subscription_id = s.stripe_subscription_id
				  LEFT JOIN catalog_prices p ON p.price_id = i.price_id
				 WHERE %s AND i.quantity >= 1
				 GROUP BY 1, 3, 4, 5""".formatted(GRANTS))
			.param("now", now)
			.param("graceSeconds", this.pastDueGrace.toSeconds())
			.query((rs, row) -> {
				String plan = rs.getString("plan");
				String currency = rs.getString("currency");
				String interval = rs.getString("price_interval");
				long amount = rs.getLong("amount");
				Double monthly = (!rs.wasNull() && currency != null && interval != null)
						? CatalogPrice.monthly(amount, interval, rs.getInt("interval_count")) : null;
				PlanFigures held = figures.getOrDefault(plan, new PlanFigures(0, Map.of()));
				Map<String, Double> revenue = new HashMap<>(held.monthlyRevenue());
				if (monthly != null) {
					revenue.merge(currency, monthly, Double::sum);
				}
				figures.put(plan, new PlanFigures(Math.max(held.customers(), rs.getLong("customers")), revenue));
				return plan;
			})
			.list();
		return figures;
	}

	/**
	 * A plan's customers with access and its monthly recurring revenue per currency.
	 */
	public record PlanFigures(long customers, Map<String, Double> monthlyRevenue) {
	}

	/**
	 * For each of the last {@code days} days (UTC), how many subscriptions had begun and
	 * not yet ended by its end: access per day as far as the stored start and end times
	 * tell.
	 */
	@Transactional(readOnly = true)
	public List<DayCount> subscribedPerDay(int days) {
		LocalDate last = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		LocalDate first = last.minusDays(days - 1L);
		// One pass over the table: +1 where a subscription starts (or the window does),
		// -1 where it ends, summed along the days.
		return this.jdbc.sql("""
				WITH spans AS (
				    SELECT (started_at AT TIME ZONE 'UTC')::date AS s, (ended_at AT TIME ZONE 'UTC')::date AS e
				      FROM subscriptions WHERE started_at IS NOT NULL AND %s),
				changes AS (
				    SELECT greatest(s, :first) AS day, 1 AS delta FROM spans
				     WHERE s <= :last AND (e IS NULL OR e >= :first)
				    UNION ALL
				    SELECT e, -1 FROM spans WHERE e BETWEEN :first AND :last AND s <= e),
				per_day AS (SELECT day, sum(delta) AS delta FROM changes GROUP BY day)
				SELECT d::date AS day, sum(coalesce(per_day.delta, 0)) OVER (ORDER BY d) AS subscribed
				  FROM generate_series(CAST(:first AS date), CAST(:last AS date), interval '1 day') AS d
				  LEFT JOIN per_day ON per_day.day = d::date
				 ORDER BY d""".formatted(BEGAN))
			.param("first", first)
			.param("last", last)
			.query((rs, row) -> new DayCount(rs.getObject("day", LocalDate.class), rs.getLong("subscribed")))
			.list();
	}

	/**
	 * Subscriptions whose email contains {@code query} (any case), or whose customer or
	 * subscription id is {@code query}, newest first; a {@code null} filter matches all.
	 */
	@Transactional(readOnly = true)
	public Page<SubscriptionDetails> search(@Nullable String query, @Nullable String status, @Nullable String tier,
			Pageable pageable) {
		String pattern = (query != null) ? "%" + likeEscaped(query.toLowerCase()) + "%" : null;
		List<SubscriptionDetails> content = this.jdbc
			.sql("SELECT * FROM subscriptions " + SEARCH
					+ " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
			.param("query", query, Types.VARCHAR)
			.param("pattern", pattern, Types.VARCHAR)
			.param("status", status, Types.VARCHAR)
			.param("tier", tier, Types.VARCHAR)
			.param("limit", pageable.getPageSize())
			.param("offset", pageable.getOffset())
			.query(SubscriptionReports::details)
			.list();
		return PageableExecutionUtils.getPage(content, pageable,
				() -> this.jdbc.sql("SELECT count(*) FROM subscriptions " + SEARCH)
					.param("query", query, Types.VARCHAR)
					.param("pattern", pattern, Types.VARCHAR)
					.param("status", status, Types.VARCHAR)
					.param("tier", tier, Types.VARCHAR)
					.query(Long.class)
					.single());
	}

	/**
	 * The customer's subscriptions with their prices and history, newest first.
	 */
	@Transactional(readOnly = true)
	public List<SubscriptionDetails> findByCustomer(String customerId) {
		return this.subscriptions.findByStripeCustomerIdOrderByCreatedAtDesc(customerId)
			.stream()
			.map(SubscriptionDetails::of)
			.toList();
	}

	/**
	 * The status of each of these subscriptions XSEN holds, by subscription id.
	 */
	public Map<String, String> statusesOf(Collection<String> subscriptionIds) {
		if (subscriptionIds.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("""
				SELECT stripe_subscription_id, status FROM subscriptions WHERE stripe_subscription_id IN (:ids)
				""")
			.param("ids", subscriptionIds)
			.query((row, number) -> Map.entry(row.getString(1), row.getString(2)))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	/**
	 * Every status a subscription can have, for the console's filter.
	 */
	public List<String> statuses() {
		return Arrays.stream(SubscriptionStatus.values()).map(SubscriptionStatus::stripeName).toList();
	}

	private String rankOfTier() {
		return this.tiers.tiersAscending()
			.stream()
			.map(tier -> "WHEN '" + tier.replace("'", "''") + "' THEN " + this.tiers.rank(tier))
			.collect(Collectors.joining(" ", "CASE tier ", " ELSE 0 END"));
	}

	private static String likeEscaped(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static SubscriptionDetails details(ResultSet rs, int row) throws SQLException {
		String priceId = rs.getString("price_id");
		String interval = rs.getString("price_interval");
		long amount = rs.getLong("price_amount");
		boolean hasAmount = !rs.wasNull();
		SubscriptionPrice price = (priceId != null && (hasAmount || interval != null))
				? new SubscriptionPrice(priceId, hasAmount ? amount : null, rs.getString("price_currency"), interval,
						Math.max(rs.getInt("price_interval_count"), 1))
				: null;
		return new SubscriptionDetails(rs.getString("stripe_subscription_id"), rs.getString("stripe_customer_id"),
				rs.getString("email"), rs.getString("tier"), rs.getString("status"), price,
				instant(rs, "current_period_end"), rs.getBoolean("cancel_at_period_end"), instant(rs, "started_at"),
				instant(rs, "canceled_at"), instant(rs, "ended_at"),
				rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant());
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * The overview's numbers.
	 *
	 * @param customersByTier customers with access by their best tier, highest tier
	 * first; "" for those on a price that maps to no tier
	 */
	public record Overview(Map<String, Long> customersByTier, List<Revenue> revenue, long started, long canceled) {

		public long customersWithAccess() {
			return this.customersByTier.values().stream().mapToLong(Long::longValue).sum();
		}

	}

	/**
	 * Monthly recurring revenue in one currency, in its smallest unit.
	 */
	public record Revenue(String currency, double monthlyAmount, long subscriptions) {
	}

	/**
	 * How many subscriptions ran at the end of a day.
	 */
	public record DayCount(LocalDate day, long subscribed) {
	}

	private record PriceGroup(@Nullable String currency, @Nullable String interval, int intervalCount, boolean paying,
			long amount, long subscriptions, long started, long canceled) {
	}

}
