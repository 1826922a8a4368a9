package io.xsen.orchestrator.token;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes tokens that expired or were revoked more than seven days ago; one instance does
 * it at a time, the others skip.
 */
@Component
class TokenCleanup {

	private static final Logger logger = LoggerFactory.getLogger(TokenCleanup.class);

	/** Kept this long after death, so support can still see what a customer held. */
	static final Duration RETENTION = Duration.ofDays(7);

	/** Advisory-lock key of the cleanup ("xsentokc"), shared by every instance. */
	private static final long LOCK_KEY = 0x7873_656E_746F_6B63L;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	TokenCleanup(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/**
	 * @return the tokens deleted, or -1 when another instance holds the cleanup
	 */
	int run() {
		Integer deleted = this.transactions.execute(status -> {
			// Released at commit; an instance that finds it taken skips this round rather
			// than wait.
			boolean mine = Boolean.TRUE.equals(this.jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)")
				.param("key", LOCK_KEY)
				.query(Boolean.class)
				.single());
			if (!mine) {
				return -1;
			}
			return this.jdbc.sql("DELETE FROM auth_tokens WHERE expires_at < :cutoff OR revoked_at < :cutoff")
				.param("cutoff", CustomerTokens.utc(this.clock.instant().minus(RETENTION)))
				.update();
		});
		int result = (deleted != null) ? deleted : 0;
		if (result < 0) {
			logger.debug("Token cleanup skipped: another instance is running it");
		}
		else if (result > 0) {
			logger.info("Token cleanup deleted {} expired or revoked tokens", result);
		}
		return result;
	}

}
