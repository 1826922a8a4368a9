package io.xsen.orchestrator.usage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The shared counters in PostgreSQL that instances reserve quota from: one statement per
 * reservation, which hands out at most what is left under the limit.
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

	// What is left after the returned units, and the block taken from it: the same
	// expression for both counters, over the row as it stands when the statement locks
	// it.
	private static final String GRANT = """
			GREATEST(0, LEAST(:limit - (%1$s - :returned),
			                  GREATEST(1, LEAST(%2$d, (:limit - (%1$s - :returned)) / %3$d))))""";

	private static final String RESERVE_PERIOD = """
			INSERT INTO usage_periods AS u (stripe_subscription_id, stripe_customer_id, period_start, period_end, tier,
			                                messages_used, messages_reserved, last_grant)
			VALUES (:subscription, :customer, :start, :end, :tier, 0, :first, :first)
			ON CONFLICT (stripe_subscription_id, period_start) DO UPDATE
			   SET last_grant = %1$s,
			       messages_reserved = u.messages_reserved - :returned + %1$s,
			       period_end = EXCLUDED.period_end,
			       tier = EXCLUDED.tier,
			       updated_at = now()
			RETURNING messages_reserved AS reserved, last_grant AS granted
			""".formatted(GRANT.formatted("u.messages_reserved", MAX_BLOCK, BLOCK_DIVISOR));

	private static final String RESERVE_MINUTE = """
			INSERT INTO usage_minutes AS m (stripe_customer_id, minute, requests_reserved, last_grant)
			VALUES (:customer, :minute, :first, :first)
			ON CONFLICT (stripe_customer_id, minute) DO UPDATE
			   SET last_grant = %1$s,
			       requests_reserved = m.requests_reserved + %1$s
			RETURNING requests_reserved AS reserved, last_grant AS granted
			""".formatted(GRANT.formatted("m.requests_reserved", MAX_BLOCK, BLOCK_DIVISOR));

	// Spent units become used; units handed back (or, for an unlimited tier, spent
	// without
	// a reservation) change what is reserved.
	private static final String SETTLE_PERIOD = """
			INSERT INTO usage_periods AS u (stripe_subscription_id, stripe_customer_id, period_start, period_end, tier,
			                                messages_used, messages_reserved)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (stripe_subscription_id, period_start) DO UPDATE
			   SET messages_used = u.messages_used + EXCLUDED.messages_used,
			       messages_reserved = u.messages_reserved + EXCLUDED.messages_reserved,
			       tier = EXCLUDED.tier,
			       updated_at = now()
			""";

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	UsageCounters(JdbcClient jdbc, JdbcTemplate batch) {
		this.jdbc = jdbc;
		this.batch = batch;
	}

	/**
	 * Reserves a block of the period's messages, handing back {@code returned} unspent
	 * units first; what was spent is recorded by the settlement, with its meter report.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	Grant reservePeriod(UsagePeriod period, @Nullable String tier, long limit, long returned) {
		return this.jdbc.sql(RESERVE_PERIOD)
			.param("subscription", period.subscriptionId())
			.param("customer", period.customerId())
			.param("start", utc(period.start()))
			.param("end", utc(period.end()))
			.param("tier", tier)
			.param("first", firstBlock(limit))
			.param("limit", limit)
			.param("returned", returned)
			.query(Grant.class)
			.single();
	}

	/**
	 * Reserves a block of the customer's requests in the minute starting at
	 * {@code minute}.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	Grant reserveMinute(String customerId, Instant minute, long limit) {
		return this.jdbc.sql(RESERVE_MINUTE)
			.param("customer", customerId)
			.param("minute", utc(minute))
			.param("first", firstBlock(limit))
			.param("limit", limit)
			.param("returned", 0L)
			.query(Grant.class)
			.single();
	}

	/**
	 * Records what instances spent and handed back since the last settlement, in one
	 * round trip.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	void settle(List<Settlement> settlements) {
		if (settlements.isEmpty()) {
			return;
		}
		this.batch.batchUpdate(SETTLE_PERIOD, new BatchPreparedStatementSetter() {
			@Override
			public void setValues(PreparedStatement statement, int index) throws SQLException {
				Settlement settlement = settlements.get(index);
				UsagePeriod period = settlement.period();
				statement.setString(1, period.subscriptionId());
				statement.setString(2, period.customerId());
				statement.setObject(3, utc(period.start()));
				statement.setObject(4, utc(period.end()));
				statement.setString(5, settlement.tier());
				statement.setLong(6, settlement.spent());
				statement.setLong(7, settlement.reservedChange());
			}

			@Override
			public int getBatchSize() {
				return settlements.size();
			}
		});
	}

	private static long firstBlock(long limit) {
		return Math.max(0, Math.min(limit, Math.max(1, Math.min(MAX_BLOCK, limit / BLOCK_DIVISOR))));
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * What a reservation handed out.
	 *
	 * @param reserved the counter's reserved total after it, on every instance together
	 * @param granted the units it gave this instance
	 */
	record Grant(long reserved, long granted) {
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
