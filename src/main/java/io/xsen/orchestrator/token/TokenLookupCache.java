package io.xsen.orchestrator.token;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import io.xsen.orchestrator.subscription.SubscriptionChanged;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps token lookups in memory and forgets a customer's entries as soon as PostgreSQL
 * says the customer's token or subscription changed, so the hot path skips the database
 * without serving stale access.
 *
 * <p>
 * Every change notification advances a counter and stamps the customer with it; an entry
 * is trusted only if it was read after the customer's last change, after the channel was
 * last (re)opened, less than the maximum age ago, and only while a heartbeat on the
 * channel came back within the last {@link #TRUSTED_FOR}. A channel that goes silent
 * without an error therefore turns the cache off within that time. Stamps are kept for
 * the maximum age (an entry read before a stamp is older than that once the stamp goes);
 * too many stamps retire every entry at once rather than let a stale one look current.
 */
@Component
class TokenLookupCache {

	/**
	 * How long a heartbeat that came back vouches for the channel, counted from when it
	 * was sent: several missed beats, and far inside the ten seconds a silently lost
	 * channel may take to stop the cache.
	 */
	static final Duration TRUSTED_FOR = Duration.ofSeconds(2);

	private final @Nullable Cache<HashKey, Entry> entries;

	private final long maxAgeNanos;

	private final long maxStamps;

	private final LongSupplier nanoTime;

	private final AtomicLong changes = new AtomicLong();

	private final ConcurrentMap<String, Stamp> lastChangeByCustomer = new ConcurrentHashMap<>();

	// One volatile read on the hot path; written only under this object's lock.
	private volatile Trust trust;

	private boolean listening;

	@Autowired
	TokenLookupCache(TokenCacheProperties properties) {
		this(properties, System::nanoTime);
	}

	TokenLookupCache(TokenCacheProperties properties, LongSupplier nanoTime) {
		this.entries = properties.enabled() ? Caffeine.newBuilder().maximumSize(properties.maximumSize()).build()
				: null;
		this.maxAgeNanos = properties.maxAge().toNanos();
		this.maxStamps = properties.maximumSize();
		this.nanoTime = nanoTime;
		this.trust = new Trust(0, nanoTime.getAsLong());
	}

	/**
	 * The token's row from the cache when it is still current, else from {@code load};
	 * unknown tokens are not cached.
	 */
	@Nullable TokenRow lookUp(byte[] hash, Supplier<@Nullable TokenRow> load) {
		if (this.entries == null) {
			return load.get();
		}
		long now = this.nanoTime.getAsLong();
		Trust trust = this.trust;
		if (trust.until() - now <= 0) {
			return load.get();
		}
		HashKey key = HashKey.of(hash);
		Entry cached = this.entries.getIfPresent(key);
		if (cached != null && isCurrent(cached, trust.floor(), now)) {
			return cached.row();
		}
		// Taken before the read: a change notified while we read makes this entry stale
		// at once.
		long readAfter = this.changes.get();
		TokenRow row = load.get();
		if (row != null) {
			// Read again unchanged (the entry was only old): the row already in memory is
			// kept, and the new copy dies young instead of replacing one in the old
			// generation that other holders of its strings still keep alive.
			TokenRow kept = (cached != null && cached.row().equals(row)) ? cached.row() : row;
			this.entries.put(key, new Entry(kept, readAfter, now));
			return kept;
		}
		return row;
	}

	boolean isEnabled() {
		return this.entries != null;
	}

	/**
	 * Whether entries may be served now: the cache is on and the channel proven alive.
	 */
	boolean isTrusted() {
		return this.entries != null && this.trust.until() - this.nanoTime.getAsLong() > 0;
	}

	void customerChanged(String customerId) {
		if (this.entries == null) {
			return;
		}
		Stamp stamp = new Stamp(this.changes.incrementAndGet(), this.nanoTime.getAsLong());
		this.lastChangeByCustomer.merge(customerId, stamp, Stamp::later);
		if (this.lastChangeByCustomer.size() > this.maxStamps) {
			forgetAllStamps();
		}
	}

	/**
	 * This instance changed the customer: forget them as soon as the change commits,
	 * without waiting for the notification, so the change holds from the very next
	 * request here.
	 */
	void customerChangedAfterCommit(String customerId) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			customerChanged(customerId);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				customerChanged(customerId);
			}
		});
	}

	@TransactionalEventListener(fallbackExecution = true)
	void subscriptionChanged(SubscriptionChanged changed) {
		customerChanged(changed.customerId());
	}

	/**
	 * Notifications flow again from a channel opened by a round trip sent at
	 * {@code sentAt} ({@link System#nanoTime()}): entries read before may have missed a
	 * change, entries read from now on can be trusted.
	 */
	synchronized void listening(long sentAt) {
		this.listening = true;
		this.trust = new Trust(this.changes.incrementAndGet(), sentAt + TRUSTED_FOR.toNanos());
	}

	/**
	 * A heartbeat sent at {@code sentAt} came back, after every notification sent before
	 * it was handed to {@link #customerChanged}.
	 */
	synchronized void alive(long sentAt) {
		if (this.listening) {
			this.trust = new Trust(this.trust.floor(), sentAt + TRUSTED_FOR.toNanos());
		}
	}

	/** Notifications may be missed: trust nothing until they flow again. */
	synchronized void deaf() {
		this.listening = false;
		this.trust = new Trust(this.trust.floor(), this.nanoTime.getAsLong());
		if (this.entries != null) {
			this.entries.invalidateAll();
		}
	}

	/** Drops the stamps no entry can still need: those older than the maximum age. */
	void forgetOldStamps() {
		long now = this.nanoTime.getAsLong();
		this.lastChangeByCustomer.values().removeIf(stamp -> now - stamp.at() >= this.maxAgeNanos);
	}

	int stampCount() {
		return this.lastChangeByCustomer.size();
	}

	// Raise the floor before any stamp goes, so that no reader sees a stamp missing while
	// the entries it retired still count.
	private synchronized void forgetAllStamps() {
		long floor = this.changes.get();
		this.trust = new Trust(Math.max(floor, this.trust.floor()), this.trust.until());
		this.lastChangeByCustomer.values().removeIf(stamp -> stamp.value() <= floor);
	}

	private boolean isCurrent(Entry entry, long floor, long now) {
		if (entry.readAfter() < floor || now - entry.readAt() >= this.maxAgeNanos) {
			return false;
		}
		Stamp lastChange = this.lastChangeByCustomer.get(entry.row().customerId());
		return lastChange == null || lastChange.value() <= entry.readAfter();
	}

	/**
	 * A token's SHA-256 as four longs: half the memory of a wrapped array, for a cache
	 * that may hold every customer's token.
	 */
	private record HashKey(long first, long second, long third, long fourth) {

		static HashKey of(byte[] sha256) {
			ByteBuffer hash = ByteBuffer.wrap(sha256);
			return new HashKey(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
		}

	}

	private record Entry(TokenRow row, long readAfter, long readAt) {
	}

	/** A customer's latest change: its place in the count, and when it was noted. */
	private record Stamp(long value, long at) {

		Stamp later(Stamp other) {
			return (other.value > this.value) ? other : this;
		}

	}

	/**
	 * Entries read before change {@code floor} are retired; none is served once
	 * {@link System#nanoTime()} reaches {@code until}.
	 */
	private record Trust(long floor, long until) {
	}

}
