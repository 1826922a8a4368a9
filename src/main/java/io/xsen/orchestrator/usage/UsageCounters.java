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

	// The units of each share of a minute, as Quotas.MinuteShares.each counts them: the
	// limit divided by twice the instances that claimed it.
	private static final String EACH_SHARE = "(CASE WHEN %2$s > 0 THEN %1$s / (" + Quotas.SHARED_PARTS
			+ " * %2$s) ELSE 0 END)";

	// The shares a mask of instances names.
	private static final String SHARES_NAMED = "bit_count((%s)::bit(64))";

	// A new counter starts with the shares of the minute's claimers reserved, but for
	// those
	// that stopped before it was made. On an existing counter, a changed limit changes
	// the
	// shares still held, and the shares of instances that stopped since go back: such an
	// instance gave back before it stopped the shares of every customer it served, so one
	// still held was never spent. The asking instance's bit in releasing hands its
	// (spent)
	// share back.
	private static final String RESERVE_MINUTES = """
			INSERT INTO usage_minutes AS m (stripe_customer_id, minute, request_limit, shares, held,
			                                requests_reserved, last_grant, last_wanted)
			SELECT r.customer, to_timestamp(r.epoch_minute), r.request_limit, r.shares, r.holding & ~r.releasing,
			       b.reserved + g.granted, g.granted, r.wanted
			FROM (SELECT a.*, ((1::bigint << a.shares) - 1) & ~COALESCE(s.departed, 0) AS holding
			      FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[], ?::bigint[])
			           WITH ORDINALITY AS a(customer, epoch_minute, request_limit, wanted, shares, releasing, n)
			      LEFT JOIN usage_minute_shares s ON s.minute = to_timestamp(a.epoch_minute)) r
			CROSS JOIN LATERAL (SELECT %1$s * %2$s AS reserved) b
			CROSS JOIN LATERAL (SELECT %3$s AS granted) g
			ORDER BY r.n
			ON CONFLICT (stripe_customer_id, minute) DO UPDATE
			   SET (request_limit, held, requests_reserved, last_grant) = (
			       SELECT EXCLUDED.request_limit, m.held & EXCLUDED.held, b.reserved + g.granted, g.granted
			       FROM (SELECT COALESCE((SELECT s.departed FROM usage_minute_shares s WHERE s.minute = m.minute), 0)
			                    AS departed) d
			       CROSS JOIN LATERAL (SELECT m.requests_reserved + (%4$s - %5$s) * %6$s - %5$s * %7$s AS reserved) b
			       CROSS JOIN LATERAL (SELECT %8$s AS granted) g)
			RETURNING stripe_customer_id, extract(epoch FROM minute)::bigint AS minute, requests_reserved, last_grant,
			          held
			""".formatted(eachShare("r.request_limit", "r.shares"), sharesNamed("r.holding"),
			minuteGrant("b.reserved", "r.request_limit", "r.wanted"), eachShare("EXCLUDED.request_limit", "m.shares"),
			eachShare("COALESCE(m.request_limit, EXCLUDED.request_limit)", "m.shares"),
			sharesNamed("m.held & ~d.departed"), sharesNamed("m.held & d.departed"),
			minuteGrant("b.reserved", "EXCLUDED.request_limit", "EXCLUDED.last_wanted"));

	// The bit makes handing a share back happen once.
	private static final String RELEASE_SHARE = """
			UPDATE usage_minutes SET requests_reserved = GREATEST(0, requests_reserved - ?), held = held & ~?::bigint
			WHERE stripe_customer_id = ? AND minute = ? AND held & ?::bigint <> 0
			""";

	// The row lock orders a claim and the seal: a claim after the seal is refused. A
	// counter names the claimers in a bigint's bits.
	private static final String CLAIM_MINUTE = """
			INSERT INTO usage_minute_shares AS s (minute, instances) VALUES (?, ARRAY[?])
			ON CONFLICT (minute) DO UPDATE SET instances = array_append(s.instances, EXCLUDED.instances[1])
			WHERE NOT s.sealed AND NOT (EXCLUDED.instances[1] = ANY (s.instances)) AND cardinality(s.instances) < 62
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

	private static final String SEALED_CLAIMS = """
			SELECT extract(epoch FROM minute)::bigint AS minute, cardinality(instances) AS shares,
			       array_position(instances, ?) - 1 AS position
			FROM usage_minute_shares WHERE sealed AND minute >= ? AND ? = ANY (instances)
			""";

	// The shares of the customers a stopping instance served in a minute go back, but for
	// what it spent of them: a counter it makes counts the other shares, as a new counter
	// made after it stopped would, and what it spent. (An existing counter learns what it
	// spent from the row it would have made.)
	private static final String HAND_BACK_SERVED = """
			INSERT INTO usage_minutes AS m (stripe_customer_id, minute, request_limit, shares, held, requests_reserved)
			SELECT r.customer, p.minute, r.request_limit, p.shares, h.held, %1$s * %2$s + r.spent
			FROM (SELECT to_timestamp(?) AS minute, ?::int AS shares, ?::bigint AS bit) p
			CROSS JOIN LATERAL (SELECT ((1::bigint << p.shares) - 1)
			        & ~(COALESCE((SELECT s.departed FROM usage_minute_shares s WHERE s.minute = p.minute), 0) | p.bit)
			        AS held) h
			CROSS JOIN unnest(?::text[], ?::bigint[], ?::bigint[]) WITH ORDINALITY AS r(customer, request_limit, spent, n)
			ORDER BY r.n
			ON CONFLICT (stripe_customer_id, minute) DO UPDATE
			   SET requests_reserved = GREATEST(0, m.requests_reserved
			                                       - GREATEST(0, %3$s - (EXCLUDED.requests_reserved - %4$s * %5$s))),
			       held = m.held & ~?::bigint
			   WHERE m.held & ?::bigint <> 0
			"""
		.formatted(eachShare("r.request_limit", "p.shares"), sharesNamed("h.held"),
				eachShare("COALESCE(m.request_limit, EXCLUDED.request_limit)", "m.shares"),
				eachShare("EXCLUDED.request_limit", "EXCLUDED.shares"), sharesNamed("EXCLUDED.held"));

	private static final String DEPART = """
			UPDATE usage_minute_shares SET departed = departed | ?::bigint WHERE minute = to_timestamp(?)
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
	 * @param shares the instances that claimed the minute
	 * @param releasing this instance's bit when it hands its (spent) share back with it,
	 * else 0
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	Grant reserveMinute(String customerId, Instant minute, long limit, long wanted, int shares, long releasing) {
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
	 * The sealed minutes from {@code from} on that {@code instance} claimed a share of.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	List<Quotas.MinuteShares> sealedClaims(String instance, Instant from) {
		return this.jdbc.query(SEALED_CLAIMS,
				(rs, row) -> new Quotas.MinuteShares(rs.getLong("minute"), rs.getInt("shares"), rs.getInt("position")),
				instance, utc(from), instance);
	}

	/**
	 * Hands back a stopping instance's share of a minute on the counters of the customers
	 * it served, keeping what it spent, then marks it departed: the shares it holds on
	 * other counters go back when they are next asked, and new counters count none.
	 * @param served what the instance spent of each customer's share, with the limit
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	void depart(Quotas.MinuteShares shares, Map<String, Served> served) {
		List<Map.Entry<String, Served>> rows = new ArrayList<>(new TreeMap<>(served).entrySet());
		long bit = shares.bit();
		if (!rows.isEmpty()) {
			this.jdbc.update(connection -> {
				PreparedStatement statement = connection.prepareStatement(HAND_BACK_SERVED);
				statement.setLong(1, shares.minute());
				statement.setInt(2, shares.instances());
				statement.setLong(3, bit);
				statement.setArray(4, connection.createArrayOf("text", rows.stream().map(Map.Entry::getKey).toArray()));
				statement.setArray(5,
						connection.createArrayOf("bigint", rows.stream().map(row -> row.getValue().limit()).toArray()));
				statement.setArray(6,
						connection.createArrayOf("bigint", rows.stream().map(row -> row.getValue().spent()).toArray()));
				statement.setLong(7, bit);
				statement.setLong(8, bit);
				return statement;
			});
		}
		// Only now: a counter whose bit is still set after this was never served here.
		this.jdbc.update(DEPART, bit, shares.minute());
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
	Map<String, Long> awaitingShares(Instant minute, long bit) {
		Map<String, Long> limits = new HashMap<>();
		this.jdbc.query(
				"SELECT stripe_customer_id, request_limit FROM usage_minutes WHERE minute = ? AND held & ? <> 0",
				(ResultSet rs) -> {
					limits.put(rs.getString("stripe_customer_id"), rs.getLong("request_limit"));
				}, utc(minute), bit);
		return limits;
	}

	/**
	 * Hands this instance's shares of a minute back: the unused units go back to each
	 * customer's counter, one statement per customer in one order on every instance.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	void releaseShares(Instant minute, long bit, Map<String, Long> unused) {
		List<Map.Entry<String, Long>> rows = new ArrayList<>(new TreeMap<>(unused).entrySet());
		OffsetDateTime at = utc(minute);
		this.jdbc.batchUpdate(RELEASE_SHARE, rows, rows.size(), (statement, row) -> {
			statement.setLong(1, row.getValue());
			statement.setLong(2, bit);
			statement.setString(3, row.getKey());
			statement.setObject(4, at);
			statement.setLong(5, bit);
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
					connection.createArrayOf("bigint", reservations.stream().map(MinuteAsk::releasing).toArray()));
			return statement;
		}, (ResultSet rs) -> {
			MinuteAsk reservation = byKey.get(new MinuteKey(rs.getString("stripe_customer_id"), rs.getLong("minute")));
			grants.put(reservation,
					new Grant(rs.getLong("requests_reserved"), rs.getLong("last_grant"), rs.getLong("held")));
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

	private static String eachShare(String limit, String shares) {
		return EACH_SHARE.formatted(limit, shares);
	}

	private static String sharesNamed(String mask) {
		return SHARES_NAMED.formatted(mask);
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
	record MinuteAsk(String customerId, Instant minute, long limit, long wanted, int shares, long releasing) {
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
	 * What a stopping instance spent of a customer's share of a minute, under the limit.
	 */
	record Served(long limit, long spent) {
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
	 * @param held the instances still holding a share of a minute, by their bits
	 */
	record Grant(long reserved, long granted, long held) {

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
