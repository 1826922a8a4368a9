package io.xsen.orchestrator.usage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.PreDestroy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The minute limit's state in PostgreSQL: the counters on {@code usage_minutes} (a
 * reservation asked for together with others goes in one statement) and the minutes'
 * sharing instances on {@code usage_minute_shares}.
 */
@Component
class MinuteCountersSql implements MinuteCounters {

	// A reservation that waits longer than this answers 503: PostgreSQL is not there.
	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	// A new counter counts the shares of the minute's claimers as reserved, but for those
	// that stopped before it was made (departed). On an existing counter, a changed limit
	// changes the shares still held, and the shares of instances that stopped since go
	// back: such an instance gave back before it stopped the share of every customer it
	// served, so one still held was never spent. The asking instance's bit in releasing
	// hands its (spent) share back. The block is usage_block (V18) over what is left.
	private static final String RESERVE = """
			INSERT INTO usage_minutes AS m (stripe_customer_id, minute, request_limit, shares, held,
			                                requests_reserved, last_grant, last_wanted)
			SELECT r.customer, to_timestamp(r.epoch_minute), r.request_limit, r.shares, r.holding & ~r.releasing,
			       b.reserved + g.granted, g.granted, r.wanted
			FROM (SELECT a.*, ((1::bigint << a.shares) - 1) & ~COALESCE(s.departed, 0) AS holding
			      FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[], ?::bigint[])
			           WITH ORDINALITY AS a(customer, epoch_minute, request_limit, wanted, shares, releasing, n)
			      LEFT JOIN usage_minute_shares s ON s.minute = to_timestamp(a.epoch_minute)) r
			CROSS JOIN LATERAL (SELECT usage_share(r.request_limit, r.shares) * bit_count(r.holding::bit(64))
			                           AS reserved) b
			CROSS JOIN LATERAL (SELECT usage_block(r.request_limit - b.reserved, r.wanted) AS granted) g
			ORDER BY r.n
			ON CONFLICT (stripe_customer_id, minute) DO UPDATE
			   SET (request_limit, held, requests_reserved, last_grant) = (
			       SELECT EXCLUDED.request_limit, m.held & EXCLUDED.held, b.reserved + g.granted, g.granted
			       FROM (SELECT COALESCE((SELECT s.departed FROM usage_minute_shares s WHERE s.minute = m.minute), 0)
			                    AS departed) d
			       CROSS JOIN LATERAL (
			           SELECT m.requests_reserved
			                  + (usage_share(EXCLUDED.request_limit, m.shares)
			                     - usage_share(COALESCE(m.request_limit, EXCLUDED.request_limit), m.shares))
			                    * bit_count((m.held & ~d.departed)::bit(64))
			                  - usage_share(COALESCE(m.request_limit, EXCLUDED.request_limit), m.shares)
			                    * bit_count((m.held & d.departed)::bit(64)) AS reserved) b
			       CROSS JOIN LATERAL (SELECT usage_block(EXCLUDED.request_limit - b.reserved, EXCLUDED.last_wanted)
			                                  AS granted) g)
			RETURNING stripe_customer_id, extract(epoch FROM minute)::bigint AS minute, requests_reserved, last_grant,
			          held
			""";

	// The row lock orders a claim and the seal: a claim after the seal is refused. A
	// counter names the claimers in a bigint's bits, hence at most 62.
	private static final String CLAIM = """
			INSERT INTO usage_minute_shares AS s (minute, instances) VALUES (?, ARRAY[?])
			ON CONFLICT (minute) DO UPDATE SET instances = array_append(s.instances, EXCLUDED.instances[1])
			WHERE NOT s.sealed AND NOT (EXCLUDED.instances[1] = ANY (s.instances)) AND cardinality(s.instances) < 62
			""";

	private static final String SEAL = """
			INSERT INTO usage_minute_shares AS s (minute, instances, sealed) VALUES (?, '{}', true)
			ON CONFLICT (minute) DO UPDATE SET sealed = true
			RETURNING instances
			""";

	private static final String WITHDRAW_CLAIMS = """
			UPDATE usage_minute_shares SET instances = array_remove(instances, ?)
			WHERE NOT sealed AND ? = ANY (instances)
			""";

	private static final String SEALED_CLAIMS = """
			SELECT extract(epoch FROM minute)::bigint AS minute, cardinality(instances) AS shares,
			       array_position(instances, ?) - 1 AS position
			FROM usage_minute_shares WHERE sealed AND minute >= ? AND ? = ANY (instances)
			""";

	// The shares of the customers a stopping instance served in a minute go back, but for
	// what it spent of them: a counter it makes counts the other shares, as a new counter
	// made after it stopped would, and what it spent (which an existing counter reads
	// back
	// from the row it would have made).
	private static final String HAND_BACK_SERVED = """
			INSERT INTO usage_minutes AS m (stripe_customer_id, minute, request_limit, shares, held, requests_reserved)
			SELECT r.customer, p.minute, r.request_limit, p.shares, h.held,
			       usage_share(r.request_limit, p.shares) * bit_count(h.held::bit(64)) + r.spent
			FROM (SELECT to_timestamp(?) AS minute, ?::int AS shares, ?::bigint AS bit) p
			CROSS JOIN LATERAL (SELECT ((1::bigint << p.shares) - 1)
			        & ~(COALESCE((SELECT s.departed FROM usage_minute_shares s WHERE s.minute = p.minute), 0) | p.bit)
			        AS held) h
			CROSS JOIN unnest(?::text[], ?::bigint[], ?::bigint[]) WITH ORDINALITY AS r(customer, request_limit, spent, n)
			ORDER BY r.n
			ON CONFLICT (stripe_customer_id, minute) DO UPDATE
			   SET requests_reserved = GREATEST(0, m.requests_reserved
			           - GREATEST(0, usage_share(COALESCE(m.request_limit, EXCLUDED.request_limit), m.shares)
			                         - (EXCLUDED.requests_reserved
			                            - usage_share(EXCLUDED.request_limit, EXCLUDED.shares)
			                              * bit_count(EXCLUDED.held::bit(64))))),
			       held = m.held & ~?::bigint
			   WHERE m.held & ?::bigint <> 0
			""";

	private static final String DEPART = """
			UPDATE usage_minute_shares SET departed = departed | ?::bigint WHERE minute = to_timestamp(?)
			""";

	private static final String AWAITING_SHARES = """
			SELECT stripe_customer_id, request_limit FROM usage_minutes WHERE minute = ? AND held & ? <> 0
			""";

	// The bit makes handing a share back happen once.
	private static final String RELEASE_SHARE = """
			UPDATE usage_minutes SET requests_reserved = GREATEST(0, requests_reserved - ?), held = held & ~?::bigint
			WHERE stripe_customer_id = ? AND minute = ? AND held & ?::bigint <> 0
			""";

	private final JdbcTemplate jdbc;

	private final ReservationBatcher<Reservation, Grant> reservations;

	MinuteCountersSql(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		// A minute's units end with the minute: those of a caller that gave up are left.
		this.reservations = new ReservationBatcher<>("xsen-minute-reservations", TIMEOUT,
				batch -> ReservationBatcher.inRounds(batch, Key::of,
						Comparator.comparing(Key::customerId).thenComparing(Key::minute), this::reserveAll),
				(reservation, grant) -> {
				});
	}

	@Override
	public Grant reserve(String customerId, Instant minute, long limit, long wanted, int shares, long releasing) {
		return this.reservations
			.reserve(new Reservation(customerId, minute.getEpochSecond(), limit, wanted, shares, releasing));
	}

	@Override
	public void claim(Instant minute, String instance) {
		this.jdbc.update(CLAIM, utc(minute), instance);
	}

	@Override
	public List<String> seal(Instant minute) {
		return this.jdbc.query(SEAL, (rs, row) -> List.of((String[]) rs.getArray("instances").getArray()), utc(minute))
			.get(0);
	}

	@Override
	public void withdrawClaims(String instance) {
		this.jdbc.update(WITHDRAW_CLAIMS, instance, instance);
	}

	@Override
	public List<MinuteShares> sealedClaims(String instance, Instant from) {
		return this.jdbc.query(SEALED_CLAIMS,
				(rs, row) -> new MinuteShares(rs.getLong("minute"), rs.getInt("shares"), rs.getInt("position")),
				instance, utc(from), instance);
	}

	@Override
	public void depart(MinuteShares shares, Map<String, Served> served) {
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

	@Override
	public Map<String, Long> awaitingShares(Instant minute, long bit) {
		Map<String, Long> limits = new HashMap<>();
		this.jdbc.query(AWAITING_SHARES, (ResultSet rs) -> {
			limits.put(rs.getString("stripe_customer_id"), rs.getLong("request_limit"));
		}, utc(minute), bit);
		return limits;
	}

	// One statement per customer, in one order on every instance.
	@Override
	public void releaseShares(Instant minute, long bit, Map<String, Long> unused) {
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

	private Map<Reservation, Grant> reserveAll(List<Reservation> batch) {
		Map<Key, Reservation> byKey = new HashMap<>();
		batch.forEach(reservation -> byKey.put(Key.of(reservation), reservation));
		// By identity: two requests may ask alike for the same row, each in its own
		// round.
		Map<Reservation, Grant> grants = new IdentityHashMap<>();
		this.jdbc.query(connection -> {
			PreparedStatement statement = connection.prepareStatement(RESERVE);
			statement.setArray(1,
					connection.createArrayOf("text", batch.stream().map(Reservation::customerId).toArray()));
			statement.setArray(2,
					connection.createArrayOf("bigint", batch.stream().map(Reservation::minute).toArray()));
			statement.setArray(3, connection.createArrayOf("bigint", batch.stream().map(Reservation::limit).toArray()));
			statement.setArray(4,
					connection.createArrayOf("bigint", batch.stream().map(Reservation::wanted).toArray()));
			statement.setArray(5, connection.createArrayOf("int4", batch.stream().map(Reservation::shares).toArray()));
			statement.setArray(6,
					connection.createArrayOf("bigint", batch.stream().map(Reservation::releasing).toArray()));
			return statement;
		}, (ResultSet rs) -> {
			Reservation reservation = byKey.get(new Key(rs.getString("stripe_customer_id"), rs.getLong("minute")));
			grants.put(reservation,
					new Grant(rs.getLong("requests_reserved"), rs.getLong("last_grant"), rs.getLong("held")));
		});
		return grants;
	}

	private static OffsetDateTime utc(Instant instant) {
		return PeriodCountersSql.utc(instant);
	}

	@PreDestroy
	void stopBatching() {
		this.reservations.close();
	}

	private record Reservation(String customerId, long minute, long limit, long wanted, int shares, long releasing) {
	}

	private record Key(String customerId, long minute) {

		static Key of(Reservation reservation) {
			return new Key(reservation.customerId(), reservation.minute());
		}

	}

}
