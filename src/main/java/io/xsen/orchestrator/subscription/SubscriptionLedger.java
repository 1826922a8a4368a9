package io.xsen.orchestrator.subscription;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records what Stripe tells us about subscriptions, applying each fact only when it is
 * newer than what is stored.
 */
@Service
public class SubscriptionLedger {

	private static final Logger logger = LoggerFactory.getLogger(SubscriptionLedger.class);

	private final SubscriptionRepository subscriptions;

	private final TierCatalog tiers;

	private final ApplicationEventPublisher events;

	SubscriptionLedger(SubscriptionRepository subscriptions, TierCatalog tiers, ApplicationEventPublisher events) {
		this.subscriptions = subscriptions;
		this.tiers = tiers;
		this.events = events;
	}

	/**
	 * Applies a subscription snapshot from an event or an API read.
	 * @return whether the stored subscription changed (false when the snapshot was older)
	 */
	@Transactional
	public boolean recordSnapshot(SubscriptionSnapshot snapshot, StateOrder order, @Nullable String email,
			String eventId) {
		Subscription subscription = lockOrCreate(snapshot.subscriptionId(), snapshot.customerId());
		String priceId = this.tiers.bestPrice(snapshot.priceIds());
		boolean changed = subscription.applySnapshot(snapshot, priceId, tierFor(priceId, snapshot.subscriptionId()),
				order, eventId);
		subscription.useEmail(email);
		// Listeners query the table with SQL, past JPA.
		this.subscriptions.flush();
		this.events.publishEvent(new SubscriptionChanged(snapshot.customerId()));
		return changed;
	}

	/**
	 * Applies the outcome of an invoice payment to the invoice's subscription, and to no
	 * other, announcing a {@link SubscriptionRenewed} in the same transaction when a
	 * payment succeeded.
	 * @return whether the stored subscription changed
	 */
	@Transactional
	public boolean recordPayment(InvoicePayment payment, StateOrder order, String eventId) {
		Subscription subscription = lockOrCreate(payment.subscriptionId(), payment.customerId());
		String priceId = this.tiers.bestPrice(payment.priceIds());
		boolean changed = subscription.applyPayment(payment, priceId, tierFor(priceId, payment.subscriptionId()), order,
				eventId);
		if (changed && payment.succeeded()) {
			this.events.publishEvent(new SubscriptionRenewed(payment.customerId(), payment.subscriptionId()));
		}
		this.subscriptions.flush();
		this.events.publishEvent(new SubscriptionChanged(payment.customerId()));
		return changed;
	}

	@Transactional(readOnly = true)
	public Optional<Subscription> find(String subscriptionId) {
		return this.subscriptions.findByStripeSubscriptionId(subscriptionId);
	}

	@Transactional(readOnly = true)
	public List<Subscription> findByCustomer(String customerId) {
		return this.subscriptions.findByStripeCustomerIdOrderByCreatedAtDesc(customerId);
	}

	/**
	 * Subscriptions whose customer email is {@code email}, ignoring case, newest first.
	 */
	@Transactional(readOnly = true)
	public List<Subscription> findByEmail(String email) {
		return this.subscriptions.findByEmail(email);
	}

	private Subscription lockOrCreate(String subscriptionId, String customerId) {
		return this.subscriptions.lockBySubscriptionId(subscriptionId).orElseGet(() -> {
			this.subscriptions.insertIfAbsent(subscriptionId, customerId);
			return this.subscriptions.lockBySubscriptionId(subscriptionId)
				.orElseThrow(
						() -> new IllegalStateException("Subscription row vanished after insert: " + subscriptionId));
		});
	}

	private @Nullable String tierFor(@Nullable String priceId, String subscriptionId) {
		if (priceId == null) {
			return null;
		}
		Optional<String> tier = this.tiers.tierForPrice(priceId);
		if (tier.isEmpty()) {
			logger.warn("Subscription {} is on Stripe price {}, which maps to no tier: stored without access. "
					+ "Add the price to STRIPE_PRICE_BASIC or STRIPE_PRICE_PREMIUM.", subscriptionId, priceId);
		}
		return tier.orElse(null);
	}

}
