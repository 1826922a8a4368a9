package io.xsen.orchestrator.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.xsen.orchestrator.subscription.CustomerSubscription;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token cache's rules, on a clock the test moves: an entry is served only while the
 * notification channel was proven alive lately, only while it is younger than its maximum
 * age, and never after its customer changed, however many customers change.
 */
class TokenLookupCacheTests {

	private static final Duration MAX_AGE = Duration.ofSeconds(60);

	private static final int SIZE = 100;

	private static final byte[] HASH = sha256Like(1);

	private static final String CUSTOMER = "cus_CacheRules01";

	private final AtomicLong clock = new AtomicLong(1_000_000_000L);

	private final TokenLookupCache cache = new TokenLookupCache(
			new TokenCacheProperties(true, (long) SIZE, MAX_AGE, null), this.clock::get);

	private final Database database = new Database();

	@Test
	void anEntryIsServedFromMemoryWhileHeartbeatsComeBack() {
		this.cache.listening(this.clock.get());

		lookUp();
		for (int beat = 0; beat < 20; beat++) {
			advance(Duration.ofMillis(250));
			this.cache.alive(this.clock.get());
			lookUp();
		}

		assertThat(this.database.reads).hasValue(1);
	}

	@Test
	void nothingIsServedFromMemoryOnceNoHeartbeatCameBackForTheTrustedTime() {
		this.cache.listening(this.clock.get());
		lookUp();

		advance(TokenLookupCache.TRUSTED_FOR.minusMillis(1));
		lookUp();
		assertThat(this.database.reads).as("the last heartbeat still vouches").hasValue(1);

		advance(Duration.ofMillis(1));
		lookUp();
		lookUp();
		assertThat(this.database.reads).as("silence: every lookup reads").hasValue(3);
		assertThat(this.cache.isTrusted()).isFalse();
	}

	@Test
	void aHeartbeatVouchesFromWhenItWasSentNotWhenItCameBack() {
		this.cache.listening(this.clock.get());
		lookUp();
		long sent = this.clock.get();
		advance(TokenLookupCache.TRUSTED_FOR);

		this.cache.alive(sent);
		lookUp();

		assertThat(this.database.reads).hasValue(2);
	}

	@Test
	void nothingIsServedFromMemoryBeforeTheChannelIsOpenOrAfterItIsLost() {
		lookUp();
		lookUp();
		assertThat(this.database.reads).hasValue(2);

		this.cache.listening(this.clock.get());
		lookUp();
		this.cache.deaf();
		this.cache.alive(this.clock.get());
		lookUp();

		assertThat(this.database.reads).hasValue(4);
	}

	@Test
	void entriesReadBeforeTheChannelWasReopenedAreNotServedAfterIt() {
		this.cache.listening(this.clock.get());
		// A read that began before the channel was lost ends after it was reopened.
		this.cache.lookUp(HASH, () -> {
			this.cache.deaf();
			this.cache.listening(this.clock.get());
			return this.database.read();
		});

		lookUp();

		assertThat(this.database.reads).hasValue(2);
	}

	@Test
	void aRowReadAgainUnchangedIsTheOneAlreadyInMemoryAndAChangedOneReplacesIt() {
		this.cache.listening(this.clock.get());
		TokenRow first = row(CUSTOMER);
		TokenRow equalCopy = new TokenRow(first.id(), new String(first.customerId()), first.createdAt(),
				first.expiresAt(), first.revoked(), List.copyOf(first.subscriptions()));
		TokenRow revoked = new TokenRow(first.id(), first.customerId(), first.createdAt(), first.expiresAt(), true,
				first.subscriptions());
		this.cache.lookUp(HASH, () -> first);

		advance(MAX_AGE);
		this.cache.alive(this.clock.get());
		TokenRow reread = this.cache.lookUp(HASH, () -> equalCopy);
		advance(MAX_AGE);
		this.cache.alive(this.clock.get());
		TokenRow changed = this.cache.lookUp(HASH, () -> revoked);

		assertThat(reread).isSameAs(first);
		assertThat(changed).isSameAs(revoked);
	}

	@Test
	void anEntryOlderThanTheMaximumAgeIsReadAgainThoughTheChannelIsAlive() {
		this.cache.listening(this.clock.get());
		lookUp();

		advance(MAX_AGE.minusMillis(1));
		this.cache.alive(this.clock.get());
		lookUp();
		assertThat(this.database.reads).hasValue(1);

		advance(Duration.ofMillis(1));
		this.cache.alive(this.clock.get());
		lookUp();
		assertThat(this.database.reads).hasValue(2);
	}

	@Test
	void aChangedCustomerIsReadAgainAndOthersAreNot() {
		this.cache.listening(this.clock.get());
		lookUp();
		byte[] other = sha256Like(9);
		this.cache.lookUp(other, () -> row("cus_Other"));

		this.cache.customerChanged(CUSTOMER);

		lookUp();
		assertThat(this.database.reads).hasValue(2);
		assertThat(this.cache.lookUp(other, () -> {
			throw new AssertionError("served from memory");
		})).isNotNull();
	}

	@Test
	void aChangeNotedWhileTheEntryIsReadMakesItStale() {
		this.cache.listening(this.clock.get());
		this.cache.lookUp(HASH, () -> {
			this.cache.customerChanged(CUSTOMER);
			return this.database.read();
		});

		lookUp();

		assertThat(this.database.reads).hasValue(2);
	}

	@Test
	void changeStampsAreForgottenOnlyOnceNoEntryTheyRetiredCanBeServed() {
		this.cache.listening(this.clock.get());
		lookUp();
		this.cache.customerChanged(CUSTOMER);

		advance(MAX_AGE.minusMillis(1));
		this.cache.alive(this.clock.get());
		this.cache.forgetOldStamps();
		assertThat(this.cache.stampCount()).isOne();
		lookUp();

		advance(Duration.ofMillis(1));
		this.cache.forgetOldStamps();
		assertThat(this.cache.stampCount()).isZero();
		this.cache.alive(this.clock.get());
		lookUp();

		assertThat(this.database.reads).as("read again after the change, then served").hasValue(2);
	}

	@Test
	void moreChangedCustomersThanTheCacheHoldsRetireEveryEntryInsteadOfLettingOneLookCurrent() {
		this.cache.listening(this.clock.get());
		lookUp();
		this.cache.customerChanged(CUSTOMER);

		for (int i = 0; i < 10 * SIZE; i++) {
			this.cache.customerChanged("cus_Flood" + i);
			assertThat(this.cache.stampCount()).isLessThanOrEqualTo(SIZE);
		}
		lookUp();
		lookUp();

		assertThat(this.database.reads).as("the flood forgot the customer's stamp but not the change").hasValue(2);
	}

	private @Nullable TokenRow lookUp() {
		return this.cache.lookUp(HASH, this.database::read);
	}

	private void advance(Duration duration) {
		this.clock.addAndGet(duration.toNanos());
	}

	private static TokenRow row(String customer) {
		Instant now = Instant.now();
		return new TokenRow(1, customer, now, now.plus(Duration.ofDays(30)), false,
				List.of(new CustomerSubscription("sub_" + customer, customer, null, "basic", "active", "price_basic",
						null, null, null, false, now, now)));
	}

	/** Counts the reads that reach the database. */
	private static final class Database {

		private final AtomicInteger reads = new AtomicInteger();

		TokenRow read() {
			this.reads.incrementAndGet();
			return row(CUSTOMER);
		}

	}

	// A token hash is SHA-256: 32 bytes.
	private static byte[] sha256Like(int fill) {
		byte[] hash = new byte[32];
		Arrays.fill(hash, (byte) fill);
		return hash;
	}

}
