package io.xsen.orchestrator.access;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import io.xsen.orchestrator.subscription.SubscriptionChanged;

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
 * is trusted only if it was read after the customer's last change. While the notification
 * channel is down, nothing is trusted.
 */
@Component
class TokenLookupCache {

	private final @Nullable Cache<ByteBuffer, Entry> entries;

	private final AtomicLong changes = new AtomicLong();

	private final Map<String, Long> lastChangeByCustomer = new ConcurrentHashMap<>();

	private volatile boolean listening;

	TokenLookupCache(TokenCacheProperties properties) {
		this.entries = properties.enabled() ? Caffeine.newBuilder().maximumSize(properties.maximumSize()).build()
				: null;
	}

	/**
	 * The token's row from the cache when it is still current, else from {@code load};
	 * unknown tokens are not cached.
	 */
	@Nullable TokenRow lookUp(byte[] hash, Supplier<@Nullable TokenRow> load) {
		if (this.entries == null || !this.listening) {
			return load.get();
		}
		ByteBuffer key = ByteBuffer.wrap(hash);
		Entry cached = this.entries.getIfPresent(key);
		if (cached != null && isCurrent(cached)) {
			return cached.row();
		}
		// Taken before the read: a change notified while we read makes this entry stale
		// at once.
		long readAfter = this.changes.get();
		TokenRow row = load.get();
		if (row != null) {
			this.entries.put(key, new Entry(row, readAfter));
		}
		return row;
	}

	boolean isEnabled() {
		return this.entries != null;
	}

	void customerChanged(String customerId) {
		this.lastChangeByCustomer.put(customerId, this.changes.incrementAndGet());
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

	/** Notifications flow: entries read from now on can be trusted. */
	void listening() {
		forgetEverything();
		this.listening = true;
	}

	/** Notifications may be missed: trust nothing until they flow again. */
	void deaf() {
		this.listening = false;
		forgetEverything();
	}

	private void forgetEverything() {
		if (this.entries != null) {
			this.entries.invalidateAll();
		}
	}

	private boolean isCurrent(Entry entry) {
		Long lastChange = this.lastChangeByCustomer.get(entry.row().customerId());
		return lastChange == null || lastChange <= entry.readAfter();
	}

	private record Entry(TokenRow row, long readAfter) {
	}

}
