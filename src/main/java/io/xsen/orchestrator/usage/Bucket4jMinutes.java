package io.xsen.orchestrator.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The minute limit as Bucket4j keeps it on PostgreSQL: a bucket per customer holding the
 * limit, refilled to the full limit at every clock minute, each request consuming one
 * token in a transaction that locks the customer's row (with Bucket4j's batching of
 * concurrent requests for the same customer).
 */
@Component
class Bucket4jMinutes {

	private final ProxyManager<String> buckets;

	private final Map<String, BucketProxy> proxies = new ConcurrentHashMap<>();

	private final Map<String, Long> limits = new ConcurrentHashMap<>();

	Bucket4jMinutes(DataSource dataSource, JdbcTemplate jdbc, MinuteDesign design) {
		if (design.kind() == MinuteDesign.Kind.BUCKET4J) {
			jdbc.execute("CREATE TABLE IF NOT EXISTS bucket4j_minutes (id text PRIMARY KEY, state bytea)");
		}
		this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table("bucket4j_minutes")
			.idColumn("id")
			.stateColumn("state")
			.build();
	}

	/**
	 * Consumes one request of the customer's minute.
	 * @return the requests left after it, -1 when the limit is reached
	 */
	long spend(String customerId, long limit) {
		Long known = this.limits.put(customerId, limit);
		if (known != null && known != limit) {
			this.proxies.remove(customerId);
		}
		BucketProxy bucket = this.proxies.computeIfAbsent(customerId,
				key -> this.buckets.builder()
					.withOptimization(Optimizations.batching())
					.build(key, () -> configuration(limit)));
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? probe.getRemainingTokens() : -1;
	}

	private static BucketConfiguration configuration(long limit) {
		Instant nextMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
		return BucketConfiguration.builder()
			.addLimit(bandwidth -> bandwidth.capacity(limit)
				.refillIntervallyAligned(limit, Duration.ofMinutes(1), nextMinute)
				.initialTokens(limit))
			.build();
	}

}
