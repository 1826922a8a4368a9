package io.xsen.orchestrator.token;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class TokenCleanupIntegrationTests {

	private static final int STALE = 300;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private DatabaseRows rows;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private PlatformTransactionManager transactions;

	@Autowired
	private java.time.Clock clock;

	@BeforeEach
	void tokensOfEveryAge() {
		this.rows.clear();
		insert("expired", STALE / 2, "now() - interval '8 days'", null);
		insert("revoked", STALE / 2, "now() + interval '1 day'", "now() - interval '8 days'");
		insert("recently_expired", 1, "now() - interval '6 days'", null);
		insert("recently_revoked", 1, "now() + interval '20 days'", "now() - interval '6 days'");
		insert("live", 1, "now() + interval '20 days'", null);
	}

	@Test
	void deletesTokensDeadForMoreThanSevenDaysAndKeepsTheRest() {
		assertThat(newInstance().run()).isEqualTo(STALE);

		assertThat(this.jdbc.sql("SELECT count(*) FROM auth_tokens").query(Long.class).single()).isEqualTo(3);
	}

	@Test
	void twoSchedulersAtOnceDoTheWorkOnceAndNeitherFails() throws Exception {
		TokenCleanup first = newInstance();
		TokenCleanup second = newInstance();
		try (Connection blocker = this.dataSource.getConnection()) {
			// Hold one stale row so the instance that starts first is still deleting when
			// the second one fires.
			blocker.setAutoCommit(false);
			try (PreparedStatement lock = blocker
				.prepareStatement("SELECT id FROM auth_tokens WHERE expires_at < now() - interval '7 days' "
						+ "ORDER BY id LIMIT 1 FOR UPDATE")) {
				lock.executeQuery().close();
			}
			CompletableFuture<Integer> running = CompletableFuture.supplyAsync(first::run);
			awaitCleanupLockTaken();

			int secondResult = CompletableFuture.supplyAsync(second::run).get(10, TimeUnit.SECONDS);

			assertThat(secondResult).as("the second instance skips instead of waiting or repeating").isEqualTo(-1);
			assertThat(running).isNotDone();
			blocker.rollback();
			assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo(STALE);
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM auth_tokens").query(Long.class).single()).isEqualTo(3);
		assertThat(newInstance().run()).as("the lock is released after each run").isZero();
	}

	private TokenCleanup newInstance() {
		return new TokenCleanup(this.jdbc, this.transactions, this.clock);
	}

	private void awaitCleanupLockTaken() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.jdbc.sql("""
				SELECT count(*) FROM pg_locks
				WHERE locktype = 'advisory' AND granted AND objsubid = 1
				  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
				""").query(Long.class).single() == 0) {
			assertThat(System.nanoTime()).as("cleanup took its lock").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private void insert(String kind, int count, String expiresAt, String revokedAt) {
		this.jdbc
			.sql("INSERT INTO auth_tokens (token_hash, token_prefix, stripe_customer_id, issued_via, expires_at, "
					+ "revoked_at) SELECT sha256(gen_random_uuid()::text::bytea), 'xsen_test', 'cus_" + kind
					+ "_' || g, 'admin', " + expiresAt + ", " + ((revokedAt != null) ? revokedAt : "NULL")
					+ " FROM generate_series(1, " + count + ") g")
			.update();
	}

}
