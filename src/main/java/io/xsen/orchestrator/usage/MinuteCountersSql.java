package io.xsen.orchestrator.usage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The minute counters on {@code usage_minutes}: reservations asked for together go as one
 * statement, so a thousand customers starting a new minute cost a handful of round trips.
 */
@Component
class MinuteCountersSql implements MinuteCounters {

	// A reservation that waits longer than this answers 503: PostgreSQL is not there.
	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	// The block comes from usage_block (V18) over the row as the statement locks it; the
	// asked-for block rides in last_wanted to the conflict branch.
	private static final String RESERVE = """
			INSERT INTO usage_minutes AS m (stripe_customer_id, minute, request_limit, requests_reserved, last_grant,
			                                last_wanted)
			SELECT r.customer, to_timestamp(r.epoch_minute), r.request_limit, usage_block(r.request_limit, r.wanted),
			       usage_block(r.request_limit, r.wanted), r.wanted
			FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[])
			     WITH ORDINALITY AS r(customer, epoch_minute, request_limit, wanted, n)
			ORDER BY r.n
			ON CONFLICT (stripe_customer_id, minute) DO UPDATE
			   SET (request_limit, last_grant, requests_reserved) = (
			       SELECT EXCLUDED.request_limit, b.granted, m.requests_reserved + b.granted
			       FROM (SELECT usage_block(EXCLUDED.request_limit - m.requests_reserved, EXCLUDED.last_wanted)
			                    AS granted) b)
			RETURNING stripe_customer_id, extract(epoch FROM minute)::bigint AS minute, requests_reserved, last_grant
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
	public Grant reserve(String customerId, Instant minute, long limit, long wanted) {
		return this.reservations.reserve(new Reservation(customerId, minute.getEpochSecond(), limit, wanted));
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
			return statement;
		}, (ResultSet rs) -> {
			Reservation reservation = byKey.get(new Key(rs.getString("stripe_customer_id"), rs.getLong("minute")));
			grants.put(reservation, new Grant(rs.getLong("requests_reserved"), rs.getLong("last_grant")));
		});
		return grants;
	}

	@PreDestroy
	void stopBatching() {
		this.reservations.close();
	}

	private record Reservation(String customerId, long minute, long limit, long wanted) {
	}

	private record Key(String customerId, long minute) {

		static Key of(Reservation reservation) {
			return new Key(reservation.customerId(), reservation.minute());
		}

	}

}
