package io.xsen.orchestrator.usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The period counters on {@code usage_periods}: reservations asked for together go as one
 * statement, and each chunk of a settlement is one statement.
 */
@Component
class PeriodCountersSql implements PeriodCounters {

	// A reservation that waits longer than this answers 503: PostgreSQL is not there.
	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	// The block comes from usage_block (V18) over the row as the statement locks it:
	// what is left under the limit once the returned units are back. A counter found used
	// up is marked wanted.
	private static final String RESERVE = """
			INSERT INTO usage_periods AS u (stripe_subscription_id, stripe_customer_id, period_start, period_end, tier,
			                                message_limit, last_returned, messages_used, messages_reserved, last_grant)
			SELECT r.subscription, r.customer, to_timestamp(r.period_start), to_timestamp(r.period_end), r.tier,
			       r.message_limit, r.returned, 0, usage_block(r.message_limit, 0), usage_block(r.message_limit, 0)
			FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::bigint[])
			     WITH ORDINALITY AS r(subscription, customer, period_start, period_end, tier, message_limit, returned, n)
			ORDER BY r.n
			ON CONFLICT (stripe_subscription_id, period_start) DO UPDATE
			   SET (message_limit, last_returned, last_grant, messages_reserved, period_end, tier, wanted_at, updated_at) = (
			       SELECT EXCLUDED.message_limit, EXCLUDED.last_returned, b.granted,
			              u.messages_reserved - EXCLUDED.last_returned + b.granted, EXCLUDED.period_end, EXCLUDED.tier,
			              CASE WHEN b.granted = 0 THEN clock_timestamp() ELSE u.wanted_at END, now()
			       FROM (SELECT usage_block(EXCLUDED.message_limit - (u.messages_reserved - EXCLUDED.last_returned), 0)
			                    AS granted) b)
			RETURNING stripe_subscription_id, extract(epoch FROM period_start)::bigint AS period_start,
			          messages_reserved, last_grant
			""";

	// Spent units become used; units handed back (or, for an unlimited tier, spent
	// without a reservation) change what is reserved.
	private static final String SETTLE = """
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

	private static final String WANTED = """
			SELECT stripe_subscription_id, period_start, wanted_at FROM usage_periods
			WHERE wanted_at > ? ORDER BY wanted_at
			""";

	private static final String HAND_BACK = """
			UPDATE usage_periods SET messages_reserved = messages_reserved - ?, updated_at = now()
			WHERE stripe_subscription_id = ? AND period_start = ?
			""";

	private final JdbcTemplate jdbc;

	private final ReservationBatcher<Reservation, Grant> reservations;

	PeriodCountersSql(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.reservations = new ReservationBatcher<>("xsen-period-reservations", TIMEOUT,
				batch -> ReservationBatcher.inRounds(batch, Key::of,
						Comparator.comparing(Key::subscriptionId).thenComparing(Key::start), this::reserveAll),
				this::handBack);
	}

	@Override
	public Grant reserve(UsagePeriod period, @Nullable String tier, long limit, long returned) {
		return this.reservations.reserve(new Reservation(period, tier, limit, returned));
	}

	@Override
	public List<Settled> settle(List<PeriodSettlement> settlements) {
		if (settlements.isEmpty()) {
			return List.of();
		}
		return this.jdbc.query(connection -> {
			PreparedStatement statement = connection.prepareStatement(SETTLE);
			setPeriods(statement, settlements.stream().map(PeriodSettlement::period).toList());
			statement.setArray(5,
					connection.createArrayOf("text", settlements.stream().map(PeriodSettlement::tier).toArray()));
			statement.setArray(6,
					connection.createArrayOf("bigint", settlements.stream().map(PeriodSettlement::spent).toArray()));
			statement.setArray(7, connection.createArrayOf("bigint",
					settlements.stream().map(PeriodSettlement::reservedChange).toArray()));
			return statement;
		}, (rs, row) -> new Settled(rs.getString("stripe_subscription_id"), rs.getLong("period_start"),
				rs.getLong("messages_used")));
	}

	@Override
	public List<Wanted> wantedSince(Instant since) {
		return this.jdbc.query(WANTED,
				(rs, row) -> new Wanted(rs.getString("stripe_subscription_id"),
						rs.getObject("period_start", OffsetDateTime.class).toInstant(),
						rs.getObject("wanted_at", OffsetDateTime.class).toInstant()),
				utc(since));
	}

	private Map<Reservation, Grant> reserveAll(List<Reservation> batch) {
		Map<Key, Reservation> byKey = new HashMap<>();
		batch.forEach(reservation -> byKey.put(Key.of(reservation), reservation));
		// By identity: two requests may ask alike for the same row, each in its own
		// round.
		Map<Reservation, Grant> grants = new IdentityHashMap<>();
		this.jdbc.query(connection -> {
			PreparedStatement statement = connection.prepareStatement(RESERVE);
			setPeriods(statement, batch.stream().map(Reservation::period).toList());
			statement.setArray(5, connection.createArrayOf("text", batch.stream().map(Reservation::tier).toArray()));
			statement.setArray(6, connection.createArrayOf("bigint", batch.stream().map(Reservation::limit).toArray()));
			statement.setArray(7,
					connection.createArrayOf("bigint", batch.stream().map(Reservation::returned).toArray()));
			return statement;
		}, (ResultSet rs) -> {
			Reservation reservation = byKey.get(
					new Key(rs.getString("stripe_subscription_id"), Instant.ofEpochSecond(rs.getLong("period_start"))));
			grants.put(reservation, new Grant(rs.getLong("messages_reserved"), rs.getLong("last_grant")));
		});
		return grants;
	}

	// Units granted to a caller that gave up waiting go back at once; the units it handed
	// back stay handed back (its lease dropped them).
	private void handBack(Reservation reservation, Grant grant) {
		if (grant.granted() > 0) {
			this.jdbc.update(HAND_BACK, grant.granted(), reservation.period().subscriptionId(),
					utc(reservation.period().start()));
		}
	}

	// The first four arrays of both statements: subscription, customer, start and end
	// (epoch seconds).
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

	@PreDestroy
	void stopBatching() {
		this.reservations.close();
	}

	private record Reservation(UsagePeriod period, @Nullable String tier, long limit, long returned) {
	}

	private record Key(String subscriptionId, Instant start) {

		static Key of(Reservation reservation) {
			return new Key(reservation.period().subscriptionId(), reservation.period().start());
		}

	}

}
