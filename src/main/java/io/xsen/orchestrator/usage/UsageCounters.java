package io.xsen.orchestrator.usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The shared counters in PostgreSQL that instances reserve quota from: reservations asked
 * for together go as one statement, which hands each out at most what is left under its
 * limit.
 *
 * <p>
 * A reservation takes a block of units sized to what is left (an eighth of it, at most
 * {@value #MAX_BLOCK}, at least one), so that blocks shrink near the limit and the last
 * units go one at a time to whichever instance asks (Google's Doorman hands out capacity
 * the same way).
 */
@Component
class UsageCounters {

	static final long MAX_BLOCK = 100;

	static final long BLOCK_DIVISOR = 8;

	// A reservation that waits longer than this answers 503: PostgreSQL is not there.
	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	// The block a reservation takes: an eighth of what is left under the limit after the
	// returned units, at least one, at most MAX_BLOCK, never more than is left; computed
	// over the row as it stands when the statement locks it.
	private static final String GRANT = """
			GREATEST(0, LEAST(%2$s - (%1$s - %3$s), GREATEST(1, LEAST(%4$d, (%2$s - (%1$s - %3$s)) / %5$d))))""";

	private static final String RESERVE_PERIODS = """
			INSERT INTO usage_periods AS u (stripe_subscription_id, stripe_customer_id, period_start, period_end, tier,
			                                message_limit, last_returned, messages_used, messages_reserved, last_grant)
			SELECT r.subscription, r.customer, to_timestamp(r.period_start), to_timestamp(r.period_end), r.tier,
			       r.message_limit, r.returned, 0, %1$s, %1$s
			FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::bigint[])
			     WITH ORDINALITY AS r(subscription, customer, period_start, period_end, tier, message_limit, returned, n)
			ORDER BY r.n
			ON CONFLICT (stripe_subscription_id, period_start) DO UPDATE
			   SET message_limit = EXCLUDED.message_limit,
			       last_returned = EXCLUDED.last_returned,
			       last_grant = %2$s,
			       messages_reserved = u.messages_reserved - EXCLUDED.last_returned + %2$s,
			       period_end = EXCLUDED.period_end,
			       tier = EXCLUDED.tier,
			       wanted_at = CASE WHEN %2$s = 0 THEN clock_timestamp() ELSE u.wanted_at END,
			       updated_at = now()
			RETURNING stripe_subscription_id, extract(epoch FROM period_start)::bigint AS period_start,
			          messages_reserved, last_grant
			"""
		.formatted(grant("0", "r.message_limit", "0"),
				grant("u.messages_reserved", "EXCLUDED.message_limit", "EXCLUDED.last_returned"));

	// A minute's block: what the instance asks for (its pace), at least the period's
	// block, never more than is left.
	private static final String MINUTE_GRANT = "GREATEST(0, LEAST(%2$s - %1$s, GREATEST(1, LEAST(%3$d, (%2$s - %1$s) / %4$d), %5$s)))";

	// The units of every share of a minute: each instance that claimed it holds the limit
	// divided by their number.
	private static final String SHARE_UNITS = "(CASE WHEN %2$s > 0 THEN %2$s * (%1$s / %2$s) ELSE 0 END)";

	// A new counter starts with the instances' shares reserved; a changed limit changes
	// the shares it counts.
	private static final String RESERVE_MINUTES = """
			INSERT INTO usage_minutes AS m (stripe_customer_id, minute, request_limit, shares, releases,
			                                requests_reserved, last_grant, last_wanted)
			SELECT r.customer, to_timestamp(r.minute), r.request_limit, r.shares, r.released, %1$s + %2$s, %2$s, r.wanted
			FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[], ?::int[])
			     WITH ORDINALITY AS r(customer, minute, request_limit, wanted, shares, released, n)
			ORDER BY r.n
			ON CONFLICT (stripe_customer_id, minute) DO UPDATE
			   SET request_limit = EXCLUDED.request_limit,
			       releases = m.releases + EXCLUDED.releases,
			       last_grant = %4$s,
			       requests_reserved = %3$s + %4$s
			RETURNING stripe_customer_id, extract(epoch FROM minute)::bigint AS minute, requests_reserved, last_grant,
			          releases
			"""
		.formatted(shareUnits("r.request_limit", "r.shares"),
				minuteGrant(shareUnits("r.request_limit", "r.shares"), "r.request_limit", "r.wanted"), sharesChanged(),
				minuteGrant(sharesChanged(), "EXCLUDED.request_limit", "EXCLUDED.last_wanted"));

	private static final String RELEASE_SHARE = """
			UPDATE usage_minutes SET requests_reserved = GREATEST(0, requests_reserved - ?), releases = releases + 1
			WHERE stripe_customer_id = ? AND minute = ?
			""";

	// The row lock orders a claim and the seal: a claim after the seal is refused.
	private static final String CLAIM_MINUTE = """
			INSERT INTO usage_minute_shares AS s (minute, instances) VALUES (?, ARRAY[?])
			ON CONFLICT (minute) DO UPDATE SET instances = array_append(s.instances, EXCLUDED.instances[1])
			WHERE NOT s.sealed AND NOT (EXCLUDED.instances[1] = ANY (s.instances))
			""";

	private static final String WITHDRAW_CLAIMS = """
			UPDATE usage_minute_shares SET instances = array_remove(instances, ?)
			WHERE NOT sealed AND ? = ANY (instances)
			""";

	private static final String SEAL_MINUTE = """
			INSERT INTO usage_minute_shares AS s (minute, instances, sealed) VALUES (?, '{}', true)
			ON CONFLICT (minute) DO UPDATE SET sealed = true
			RETURNING instances
			""";

	// Spent units become used; units handed back (or, for an unlimited tier, spent
	// without a reservation) change what is reserved.
	// One statement for a chunk of leases, answering what each period has used since, for
	// the quota warnings.
	private static final String SETTLE_PERIODS = """
			INSERT INTO usage_periods AS u (stripe_subscription_id, stripe_customer_id, period_start, period_end, tier,
			                                messages_used, messages_reserved)
			SELECT r.subscription, r.customer, to_timestamp(r.period_start), to_timestamp(r.period_end), r.tier,
			       r.spent, r.reserved_change
			FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::bigint[])
			     WITH ORDINALITY AS r(subscription, customer, period_start, period_end, tier, spent, reserved_change, n)
			ORDER BY r.n
			ON CONFLICT (stripe_subscription_id, period_start) DO UPDATE
			   SET messages_used = u.messages_used + EXCLUDED.messages_used,
			       messages_reserved = u.messages_reserved + EXCLUDED.messages_reserved,
			       tier = EXCLUDED.tier,
			       updated_at = now()
			RETURNING stripe_subscription_id, extract(epoch FROM period_start)::bigint AS period_start, messages_used
			""";

	private final JdbcTemplate jdbc;

	private final ReservationBatcher<PeriodReservation, Grant> periods;

	private final ReservationBatcher<MinuteAsk, Grant> minutes;

	UsageCounters(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.periods = new ReservationBatcher<>("xsen-period-reservations", TIMEOUT,
				reservations -> inRounds(reservations, PeriodKey::of,
						Comparator.comparing(PeriodKey::subscriptionId).thenComparing(PeriodKey::start),
						this::reservePeriods),
				this::handBack);
		// A minute's units end with the minute: one its caller gave up on is left to.
		this.minutes = new ReservationBatcher<>("xsen-minute-reservations", TIMEOUT,
				reservations -> inRounds(reservations, MinuteAsk::customerId, Comparator.naturalOrder(),
						this::reserveMinutes),
				(reservation, grant) -> {
				});
	}

	/**
	 * Reserves a block of the period's messages, handing back {@code returned} unspent
	 * units first; what was spent is recorded by the settlement, with its meter report.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	Grant reservePeriod(UsagePeriod period, @Nullable String tier, long limit, long returned) {
		return this.periods.reserve(new PeriodReservation(period, tier, limit, returned));
	}

	/**
	 * Reserves a block of the customer's requests in the minute starting at
	 * {@code minute}: {@code wanted} units, or fewer when fewer are left.
	 * @param shares the instances holding a share of the minute
	 * @param releasing whether this instance hands its (spent) share back with it
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	Grant reserveMinute(String customerId, Instant minute, long limit, long wanted, int shares, boolean releasing) {
		return this.minutes.reserve(new MinuteAsk(customerId, minute, limit, wanted, shares, releasing));
	}

	/**
	 * The periods whose counter an instance found used up after {@code since}.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	List<Wanted> wantedPeriods(Instant since) {
		return this.jdbc.query("""
				SELECT stripe_subscription_id, period_start, wanted_at FROM usage_periods
				WHERE wanted_at > ? ORDER BY wanted_at
				""",
				(rs, row) -> new Wanted(rs.getString("stripe_subscription_id"),
						rs.getObject("period_start", OffsetDateTime.class).toInstant(),
						rs.getObject("wanted_at", OffsetDateTime.class).toInstant()),
				utc(since));
	}

	/**
	 * Claims a share of every customer's requests in a minute to come for this instance;
	 * refused without a word once the minute is sealed.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	void claimMinute(Instant minute, String instance) {
		this.jdbc.update(CLAIM_MINUTE, utc(minute), instance);
	}

	/**
	 * Takes an instance out of the minutes it claimed that are not sealed yet.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	void withdrawClaims(String instance) {
		this.jdbc.update(WITHDRAW_CLAIMS, instance, instance);
	}

	/**
	 * Seals a minute: no instance may claim it after this.
	 * @return the instances that claimed it
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	List<String> sealMinute(Instant minute) {
		return this.jdbc
			.query(SEAL_MINUTE, (rs, row) -> List.of((String[]) rs.getArray("instances").getArray()), utc(minute))
			.get(0);
	}

	/**
	 * The customers whose minute counter waits for some instance's share, with the limit
	 * the counter is under.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	Map<String, Long> awaitingShares(Instant minute) {
		Map<String, Long> limits = new HashMap<>();
		this.jdbc.query(
				"SELECT stripe_customer_id, request_limit FROM usage_minutes WHERE minute = ? AND releases < shares",
				(ResultSet rs) -> {
					limits.put(rs.getString("stripe_customer_id"), rs.getLong("request_limit"));
				}, utc(minute));
		return limits;
	}

	/**
	 * Hands this instance's shares of a minute back: the unused units go back to each
	 * customer's counter, one statement per customer in one order on every instance.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	void releaseShares(Instant minute, Map<String, Long> unused) {
		List<Map.Entry<String, Long>> rows = new ArrayList<>(new TreeMap<>(unused).entrySet());
		OffsetDateTime at = utc(minute);
		this.jdbc.batchUpdate(RELEASE_SHARE, rows, rows.size(), (statement, row) -> {
			statement.setLong(1, row.getValue());
			statement.setString(2, row.getKey());
			statement.setObject(3, at);
		});
	}

	/**
	 * Runs the reservations in rounds in which each row is changed once (a statement may
	 * change a row only once) and rows are taken in one order on every instance (so two
	 * statements never wait on each other's rows).
	 */
	private static <R, K> Map<R, Grant> inRounds(List<R> reservations, Function<R, K> row, Comparator<K> order,
			Function<List<R>, Map<R, Grant>> statement) {
		Map<R, Grant> grants = new HashMap<>();
		List<R> left = reservations;
		while (!left.isEmpty()) {
			Map<K, R> round = new TreeMap<>(order);
			List<R> later = new ArrayList<>();
			left.forEach(reservation -> {
				if (round.putIfAbsent(row.apply(reservation), reservation) != null) {
					later.add(reservation);
				}
			});
			grants.putAll(statement.apply(List.copyOf(round.values())));
			left = later;
		}
		return grants;
	}

	private Map<PeriodReservation, Grant> reservePeriods(List<PeriodReservation> reservations) {
		Map<PeriodKey, PeriodReservation> byKey = new HashMap<>();
		reservations.forEach(reservation -> byKey.put(PeriodKey.of(reservation), reservation));
		Map<PeriodReservation, Grant> grants = new HashMap<>();
		this.jdbc.query(connection -> {
			PreparedStatement statement = connection.prepareStatement(RESERVE_PERIODS);
			setPeriods(statement, reservations.stream().map(PeriodReservation::period).toList());
			statement.setArray(5,
					connection.createArrayOf("text", reservations.stream().map(PeriodReservation::tier).toArray()));
			statement.setArray(6,
					connection.createArrayOf("bigint", reservations.stream().map(PeriodReservation::limit).toArray()));
			statement.setArray(7, connection.createArrayOf("bigint",
					reservations.stream().map(PeriodReservation::returned).toArray()));
			return statement;
		}, (ResultSet rs) -> {
			PeriodReservation reservation = byKey.get(new PeriodKey(rs.getString("stripe_subscription_id"),
					Instant.ofEpochSecond(rs.getLong("period_start"))));
			grants.put(reservation, new Grant(rs.getLong("messages_reserved"), rs.getLong("last_grant")));
		});
		return grants;
	}

	private Map<MinuteAsk, Grant> reserveMinutes(List<MinuteAsk> reservations) {
		Map<MinuteKey, MinuteAsk> byKey = new HashMap<>();
		reservations.forEach(reservation -> byKey.put(MinuteKey.of(reservation), reservation));
		Map<MinuteAsk, Grant> grants = new HashMap<>();
		this.jdbc.query(connection -> {
			PreparedStatement statement = connection.prepareStatement(RESERVE_MINUTES);
			statement.setArray(1,
					connection.createArrayOf("text", reservations.stream().map(MinuteAsk::customerId).toArray()));
			statement.setArray(2, connection.createArrayOf("bigint",
					reservations.stream().map(r -> r.minute().getEpochSecond()).toArray()));
			statement.setArray(3,
					connection.createArrayOf("bigint", reservations.stream().map(MinuteAsk::limit).toArray()));
			statement.setArray(4,
					connection.createArrayOf("bigint", reservations.stream().map(MinuteAsk::wanted).toArray()));
			statement.setArray(5,
					connection.createArrayOf("int4", reservations.stream().map(MinuteAsk::shares).toArray()));
			statement.setArray(6,
					connection.createArrayOf("int4", reservations.stream().map(r -> r.releasing() ? 1 : 0).toArray()));
			return statement;
		}, (ResultSet rs) -> {
			MinuteAsk reservation = byKey.get(new MinuteKey(rs.getString("stripe_customer_id"), rs.getLong("minute")));
			grants.put(reservation,
					new Grant(rs.getLong("requests_reserved"), rs.getLong("last_grant"), rs.getInt("releases")));
		});
		return grants;
	}

	// Units granted to a caller that gave up waiting go back at once; the units it handed
	// back stay handed back (its lease dropped them).
	private void handBack(PeriodReservation reservation, Grant grant) {
		if (grant.granted() > 0) {
			this.jdbc.update("""
					UPDATE usage_periods SET messages_reserved = messages_reserved - ?, updated_at = now()
					WHERE stripe_subscription_id = ? AND period_start = ?
					""", grant.granted(), reservation.period().subscriptionId(), utc(reservation.period().start()));
		}
	}

	@PreDestroy
	void stopBatching() {
		this.periods.close();
		this.minutes.close();
	}

	private static String grant(String reserved, String limit, String returned) {
		return GRANT.formatted(reserved, limit, returned, MAX_BLOCK, BLOCK_DIVISOR);
	}

	private static String minuteGrant(String reserved, String limit, String wanted) {
		return MINUTE_GRANT.formatted(reserved, limit, MAX_BLOCK, BLOCK_DIVISOR, wanted);
	}

	private static String shareUnits(String limit, String shares) {
		return SHARE_UNITS.formatted(limit, shares);
	}

	// What the row has reserved, counting the shares under the limit now asked under.
	private static String sharesChanged() {
		return "(m.requests_reserved + %s - %s)".formatted(shareUnits("EXCLUDED.request_limit", "m.shares"),
				shareUnits("COALESCE(m.request_limit, EXCLUDED.request_limit)", "m.shares"));
	}

	/**
	 * Records what instances spent and handed back since the last settlement, in one
	 * statement; the settlements are of distinct periods.
	 * @return each period's messages used after it
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	List<Settled> settle(List<Settlement> settlements) {
		if (settlements.isEmpty()) {
			return List.of();
		}
		return this.jdbc.query(connection -> {
			PreparedStatement statement = connection.prepareStatement(SETTLE_PERIODS);
			setPeriods(statement, settlements.stream().map(Settlement::period).toList());
			statement.setArray(5,
					connection.createArrayOf("text", settlements.stream().map(Settlement::tier).toArray()));
			statement.setArray(6,
					connection.createArrayOf("bigint", settlements.stream().map(Settlement::spent).toArray()));
			statement.setArray(7,
					connection.createArrayOf("bigint", settlements.stream().map(Settlement::reservedChange).toArray()));
			return statement;
		}, (rs, row) -> new Settled(rs.getString("stripe_subscription_id"), rs.getLong("period_start"),
				rs.getLong("messages_used")));
	}

	// The first four arrays of every statement on periods: subscription, customer, start
	// and end (epoch seconds).
	private static void setPeriods(PreparedStatement statement, List<UsagePeriod> periods) throws SQLException {
		Connection connection = statement.getConnection();
		statement.setArray(1,
				connection.createArrayOf("text", periods.stream().map(UsagePeriod::subscriptionId).toArray()));
		statement.setArray(2,
				connection.createArrayOf("text", periods.stream().map(UsagePeriod::customerId).toArray()));
		statement.setArray(3, connection.createArrayOf("bigint",
				periods.stream().map(period -> period.start().getEpochSecond()).toArray()));
		statement.setArray(4, connection.createArrayOf("bigint",
				periods.stream().map(period -> period.end().getEpochSecond()).toArray()));
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private record PeriodReservation(UsagePeriod period, @Nullable String tier, long limit, long returned) {
	}

	/**
	 * A reservation of a customer's minute: {@code wanted} units under {@code limit}.
	 */
	record MinuteAsk(String customerId, Instant minute, long limit, long wanted, int shares, boolean releasing) {
	}

	private record MinuteKey(String customerId, long minute) {

		static MinuteKey of(MinuteAsk reservation) {
			return new MinuteKey(reservation.customerId(), reservation.minute().getEpochSecond());
		}

	}

	private record PeriodKey(String subscriptionId, Instant start) {

		static PeriodKey of(PeriodReservation reservation) {
			return new PeriodKey(reservation.period().subscriptionId(), reservation.period().start());
		}

	}

	/**
	 * A period's messages used after a settlement.
	 */
	record Settled(String subscriptionId, long periodStart, long messagesUsed) {
	}

	/**
	 * A period whose counter an instance found used up, and when.
	 */
	record Wanted(String subscriptionId, Instant periodStart, Instant at) {
	}

	/**
	 * What a reservation handed out.
	 *
	 * @param reserved the counter's reserved total after it, on every instance together
	 * @param granted the units it gave this instance
	 * @param releases the instances that handed their share of a minute back
	 */
	record Grant(long reserved, long granted, int releases) {

		Grant(long reserved, long granted) {
			this(reserved, granted, 0);
		}

	}

	/**
	 * One period's change on this instance since the last settlement.
	 *
	 * @param spent messages served
	 * @param spentUnreserved messages served under an unlimited tier, which reserved
	 * nothing
	 * @param handedBack unspent units handed back
	 */
	record Settlement(UsagePeriod period, @Nullable String tier, long spent, long spentUnreserved, long handedBack) {

		long reservedChange() {
			return this.spentUnreserved - this.handedBack;
		}

	}

}
