package io.xsen.orchestrator.catalog;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps Stripe's products and prices in PostgreSQL, applying each fact only when it is
 * newer than what is stored, and holds the whole catalog in memory on every instance,
 * read again within a second of any instance changing it.
 *
 * <p>
 * Stripe's times have one-second resolution: an event of the same second as the stored
 * state, from another source, is {@link Standing#TIED} and the caller asks Stripe, as for
 * subscriptions.
 */
@Service
public class StripeCatalog {

	private static final Logger logger = LoggerFactory.getLogger(StripeCatalog.class);

	private final CatalogRepository repository;

	private final ApplicationEventPublisher events;

	// At most this often for refreshSoon, so an unknown tier cannot turn requests into
	// queries.
	private static final long EAGER_REFRESH_NANOS = 200_000_000L;

	private volatile CatalogSnapshot current = CatalogSnapshot.EMPTY_CATALOG;

	private volatile long lastEagerRefresh = System.nanoTime() - EAGER_REFRESH_NANOS;

	StripeCatalog(CatalogRepository repository, ApplicationEventPublisher events) {
		this.repository = repository;
		this.events = events;
	}

	/**
	 * The catalog as this instance holds it: at most a second behind the database, and
	 * empty until the database could first be read.
	 */
	public CatalogSnapshot current() {
		CatalogSnapshot held = this.current;
		if (held == CatalogSnapshot.EMPTY_CATALOG) {
			refresh();
			return this.current;
		}
		return held;
	}

	/**
	 * The catalog as the database holds it now, seen from the caller's transaction: what
	 * a subscription is tiered by, so that a product another instance created a moment
	 * ago already counts.
	 */
	@Transactional(readOnly = true)
	public CatalogSnapshot fresh() {
		long revision = this.repository.revision();
		CatalogSnapshot held = this.current;
		if (held.revision() == revision) {
			return held;
		}
		// Not kept: the caller's transaction may hold writes that never commit.
		return CatalogSnapshot.of(revision, this.repository.products(), this.repository.prices());
	}

	/**
	 * Reads the catalog again when another instance (or this one) changed it.
	 */
	public void refresh() {
		try {
			long revision = this.repository.revision();
			if (revision != this.current.revision()) {
				// Revision first: a change committed in between is read again next time.
				this.current = CatalogSnapshot.of(revision, this.repository.products(), this.repository.prices());
			}
		}
		catch (DataAccessException ex) {
			logger.debug("Catalog not read, kept as held: {}", ex.getMessage());
		}
	}

	/**
	 * Stores the product as an event (or a read for a tie) showed it, when newer than the
	 * stored one.
	 * @param settlesTie whether {@code product} was read from Stripe for a tie: it then
	 * wins one of its second
	 */
	@Transactional
	public Standing recordProduct(CatalogProduct product, Instant created, String source, boolean settlesTie) {
		Standing standing = standing(this.repository.lockProductStamp(product.id()), created, source, settlesTie);
		if (standing == Standing.NEWER) {
			this.repository.saveProduct(product, created, source);
			changed(new HashSet<>(this.repository.priceIdsOf(product.id())));
		}
		return standing;
	}

	/**
	 * Stores the price as an event (or a read for a tie) showed it, when newer than the
	 * stored one.
	 */
	@Transactional
	public Standing recordPrice(CatalogPrice price, Instant created, String source, boolean settlesTie) {
		Standing standing = standing(this.repository.lockPriceStamp(price.id()), created, source, settlesTie);
		if (standing == Standing.NEWER) {
			this.repository.savePrice(price, created, source);
			changed(Set.of(price.id()));
		}
		return standing;
	}

	/**
	 * Whether an event of {@code created} from {@code source} shares its second with the
	 * stored product, so that only Stripe can say which is current.
	 */
	@Transactional(readOnly = true)
	public boolean productTiedWith(String productId, Instant created, String source) {
		return standing(this.repository.productStamp(productId), created, source, false) == Standing.TIED;
	}

	/**
	 * Whether an event of {@code created} from {@code source} shares its second with the
	 * stored price.
	 */
	@Transactional(readOnly = true)
	public boolean priceTiedWith(String priceId, Instant created, String source) {
		return standing(this.repository.priceStamp(priceId), created, source, false) == Standing.TIED;
	}

	@Transactional(readOnly = true)
	/**
	 * The lookup keys of the features attached to each product, as the last sync read
	 * them.
	 */
	public Map<String, List<String>> featuresByProduct() {
		return this.repository.featuresByProduct();
	}

	public boolean hasPrice(String priceId) {
		return this.repository.hasPrice(priceId);
	}

	/**
	 * Keeps a price met in a subscription, read from Stripe with its product, unless an
	 * event stored either meanwhile.
	 */
	@Transactional
	public void keepRead(CatalogPrice price, @Nullable CatalogProduct product, Instant readAt, String source) {
		Set<String> changed = new HashSet<>();
		if (product != null && this.repository.lockProductStamp(product.id()).isEmpty()) {
			this.repository.saveProduct(product, readAt, source);
			changed.addAll(this.repository.priceIdsOf(product.id()));
		}
		if (this.repository.lockPriceStamp(price.id()).isEmpty()) {
			this.repository.savePrice(price, readAt, source);
			changed.add(price.id());
		}
		if (!changed.isEmpty()) {
			changed(changed);
		}
	}

	/**
	 * Stores a whole read of Stripe's catalog, answered at {@code readAt}: each row
	 * unless an event of a later second (or of that second) stored it; rows the read no
	 * longer shows are marked deleted.
	 * @return how many products and prices changed
	 */
	@Transactional
	public int replaceAll(List<CatalogProduct> products, List<CatalogPrice> prices,
			Map<String, List<String>> featuresByProduct, Instant readAt, String source) {
		Set<String> changed = new HashSet<>();
		int count = 0;
		// Only a sync reads features, so the latest sync's list is the current one.
		featuresByProduct.forEach(this.repository::replaceFeatures);
		for (CatalogProduct product : products) {
			if (readWins(this.repository.lockProductStamp(product.id()), readAt)) {
				this.repository.saveProduct(product, readAt, source);
				changed.addAll(this.repository.priceIdsOf(product.id()));
				count++;
			}
		}
		for (CatalogPrice price : prices) {
			if (readWins(this.repository.lockPriceStamp(price.id()), readAt)) {
				this.repository.savePrice(price, readAt, source);
				changed.add(price.id());
				count++;
			}
		}
		List<String> missing = this.repository.markMissingDeleted(products.stream().map(CatalogProduct::id).toList(),
				prices.stream().map(CatalogPrice::id).toList(), readAt, source);
		changed.addAll(missing);
		changed(changed);
		return count + missing.size();
	}

	private void changed(Set<String> priceIds) {
		this.repository.bumpRevision();
		this.events.publishEvent(new CatalogChanged(priceIds));
		// This instance follows its own change at once; the others within a refresh.
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					refresh();
				}
			});
		}
	}

	/**
	 * Reads the catalog again now when it was not read in the last a fifth of a second: a
	 * subscription another instance just tiered with a product this one has not read yet.
	 */
	public void refreshSoon() {
		long now = System.nanoTime();
		if (now - this.lastEagerRefresh > EAGER_REFRESH_NANOS) {
			this.lastEagerRefresh = now;
			refresh();
		}
	}

	// A read stands for the second Stripe answered it; an event of that same second may
	// have come after it and is kept.
	private static boolean readWins(Optional<CatalogRepository.Stamp> stored, Instant readAt) {
		return stored.map(stamp -> readAt.isAfter(stamp.created())).orElse(true);
	}

	private static Standing standing(Optional<CatalogRepository.Stamp> stored, Instant created, String source,
			boolean settlesTie) {
		if (stored.isEmpty()) {
			return Standing.NEWER;
		}
		CatalogRepository.Stamp stamp = stored.get();
		if (source.equals(stamp.source())) {
			// The same event again (a replay): it wrote what is stored.
			return Standing.OLDER;
		}
		int order = created.compareTo(stamp.created());
		if (order != 0) {
			return (order > 0) ? Standing.NEWER : Standing.OLDER;
		}
		return settlesTie ? Standing.NEWER : Standing.TIED;
	}

	/**
	 * How a fact stood against the stored one.
	 */
	public enum Standing {

		/** Newer: stored. */
		NEWER,

		/** Older, or the same event again: changes nothing. */
		OLDER,

		/**
		 * Of the same second from another source: only Stripe can say which is current.
		 */
		TIED

	}

}
