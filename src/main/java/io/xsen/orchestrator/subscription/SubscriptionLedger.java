package io.xsen.orchestrator.subscription;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.xsen.orchestrator.subscription.StateOrder.Precedence;
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

	private final CustomerEmailRepository customerEmails;

	private final TierCatalog tiers;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	SubscriptionLedger(SubscriptionRepository subscriptions, CustomerEmailRepository customerEmails, TierCatalog tiers,
			ApplicationEventPublisher events, Clock clock) {
		this.subscriptions = subscriptions;
		this.customerEmails = customerEmails;
		this.tiers = tiers;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Applies a subscription snapshot from an event or a Stripe API read when it is newer
	 * than the stored one, announcing a {@link SubscriptionChanged} and a
	 * {@link SubscriptionRecorded} in the same transaction, with the change already
	 * written.
	 * @param source the event id or the read behind the snapshot, kept for support
	 * @return how the snapshot stood: {@code UNDECIDED} when it shares its second with
	 * the stored one and only Stripe can say which is current
	 */
	@Transactional
	public Precedence record(SubscriptionSnapshot snapshot, StateOrder order, @Nullable String email, String source) {
		// Before the row: a change of the customer's email on another instance commits
		// first or waits, so a subscription new to XSEN never takes the address left.
		this.customerEmails.lockCustomer(snapshot.customerId());
		Subscription subscription = lockOrCreate(snapshot.subscriptionId(), snapshot.customerId());
		TierView tiers = this.tiers.freshView();
		SubscriptionItem tierItem = TierCatalog.tierItem(tiers, snapshot.items());
		// Without an item that buys a tier, the subscription is kept on its first price,
		// without access.
		SubscriptionItem kept = (tierItem != null) ? tierItem : snapshot.items().stream().findFirst().orElse(null);
		String priceId = (kept != null) ? kept.priceId() : null;
		// As PostgreSQL keeps it, so a stored order compares equal to itself.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		CustomerSubscription before = (subscription.storedOrder() != null) ? CustomerSubscription.of(subscription)
				: null;
		String statusBefore = subscription.getStatus();
		Instant periodEndBefore = subscription.getCurrentPeriodEnd();
		Precedence precedence = subscription.apply(snapshot.billedOn(kept), priceId, tierFor(tiers, tierItem, snapshot),
				order, source, now);
		Optional<CustomerEmail> customerEmail = this.customerEmails.find(snapshot.customerId());
		if (customerEmail.isPresent()) {
			// The customer's own word; an invoice keeps the address it was finalized
			// with.
			subscription.useCustomerEmail(customerEmail.get().email(), now);
		}
		else if (precedence == Precedence.NEWER || !subscription.hasEmail()) {
			// An older snapshot's email is no better than the stored one.
			subscription.useEmail(email, now);
		}
		// Written before the listeners, which query the table.
		this.subscriptions.update(subscription);
		if (precedence == Precedence.NEWER) {
			this.subscriptions.replaceItems(snapshot.subscriptionId(), snapshot.items(), snapshot.prices());
			this.subscriptions.useExtraMessages(snapshot.subscriptionId(),
					TierCatalog.extraMessages(tiers, snapshot.items()));
		}
		boolean paidPeriodChanged = !statusBefore.equals(subscription.getStatus())
				|| !Objects.equals(periodEndBefore, subscription.getCurrentPeriodEnd());
		this.events.publishEvent(new SubscriptionChanged(snapshot.customerId(), paidPeriodChanged));
		this.events.publishEvent(new SubscriptionRecorded(before, CustomerSubscription.of(subscription)));
		return precedence;
	}

	/**
	 * Records the email Stripe holds for a customer, as a {@code customer.updated} event
	 * or a read of the customer showed it, when it is newer than the one stored: every
	 * subscription of the customer takes it, and so do subscriptions recorded later, even
	 * when the customer has none yet; from then on checkouts and invoices no longer set
	 * it. A change is announced as a {@link SubscriptionChanged}.
	 * @param source the event id or the read behind the email, kept for support
	 * @return how the email stood against the stored one ({@code UNDECIDED}: same second,
	 * only Stripe can say which is current)
	 */
	@Transactional
	public Precedence recordCustomerEmail(String customerId, @Nullable String email, StateOrder order, String source) {
		this.customerEmails.lockCustomer(customerId);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Optional<CustomerEmail> stored = this.customerEmails.find(customerId);
		Precedence precedence = stored.map(known -> standing(order, source, known)).orElse(Precedence.NEWER);
		if (precedence == Precedence.NEWER) {
			this.customerEmails.save(stored.map(known -> known.replacedBy(email, order, source, now))
				.orElseGet(() -> CustomerEmail.first(customerId, email, order, source, now)));
			useCustomerEmail(customerId, email);
		}
		return precedence;
	}

	/**
	 * The order of the customer's email as XSEN holds it, when a fact of {@code order}
	 * from {@code source} shares its second with it and only Stripe can say which is
	 * current; empty otherwise. Taken before asking Stripe, so the read can tell whether
	 * anything was stored while it was in flight.
	 */
	@Transactional(readOnly = true)
	public Optional<StateOrder> customerEmailTiedWith(String customerId, StateOrder order, String source) {
		return this.customerEmails.find(customerId)
			.filter(stored -> standing(order, source, stored) == Precedence.UNDECIDED)
			.map(CustomerEmail::order);
	}

	private static Precedence standing(StateOrder order, String source, CustomerEmail stored) {
		Precedence precedence = order.against(stored.order());
		// The same event again (a replay): it wrote what is stored.
		return (precedence == Precedence.UNDECIDED && source.equals(stored.lastEventId())) ? Precedence.OLDER
				: precedence;
	}

	private void useCustomerEmail(String customerId, @Nullable String email) {
		if (this.subscriptions.useCustomerEmail(customerId, email) > 0) {
			logger.info("Customer {} has a new email address in Stripe: emails and access links go there from now on",
					customerId);
			this.events.publishEvent(new SubscriptionChanged(customerId, false));
		}
	}

	/**
	 * The order of the customer's email as XSEN holds it, empty when XSEN has not heard
	 * it from the customer itself: taken before asking Stripe, so the read can tell
	 * whether anything was stored while it was in flight.
	 */
	@Transactional(readOnly = true)
	public Optional<StateOrder> storedCustomerEmailOrder(String customerId) {
		return this.customerEmails.find(customerId).map(CustomerEmail::order);
	}

	/**
	 * Where an email about the subscription goes now: the address Stripe holds for its
	 * customer once XSEN has heard it, before that the subscription's own.
	 * @return empty when there is no address, or no such subscription
	 */
	@Transactional(readOnly = true)
	public Optional<String> currentEmail(String subscriptionId) {
		return this.customerEmails.currentEmail(subscriptionId);
	}

	/**
	 * The order of the snapshot XSEN holds for a subscription, empty when it holds none:
	 * taken before asking Stripe, so the read can tell whether anything was stored while
	 * it was in flight.
	 */
	@Transactional(readOnly = true)
	public Optional<StateOrder> storedOrder(String subscriptionId) {
		return this.subscriptions.findStoredOrder(subscriptionId).map(StoredOrderRow::order);
	}

	/**
	 * The customer's subscriptions, newest first.
	 */
	@Transactional(readOnly = true)
	public List<CustomerSubscription> findByCustomer(String customerId) {
		return views(this.subscriptions.findByStripeCustomerIdOrderByCreatedAtDesc(customerId));
	}

	/**
	 * The subscription with this Stripe id, empty when XSEN holds none.
	 */
	@Transactional(readOnly = true)
	public Optional<CustomerSubscription> find(String subscriptionId) {
		return this.subscriptions.findByStripeSubscriptionId(subscriptionId).map(CustomerSubscription::of);
	}

	/**
	 * Subscriptions that are {@code past_due} since before {@code enteredBefore}, oldest
	 * first: those whose grace has run out when {@code enteredBefore} is now minus the
	 * grace.
	 */
	@Transactional(readOnly = true)
	public List<CustomerSubscription> findPastDueSince(Instant enteredBefore) {
		return views(this.subscriptions.findPastDueSince(enteredBefore));
	}

	/**
	 * Subscriptions whose customer email is {@code email}, ignoring case, newest first;
	 * none for an address the customer has left in Stripe.
	 */
	@Transactional(readOnly = true)
	public List<CustomerSubscription> findByEmail(String email) {
		return views(this.subscriptions.findByEmail(email));
	}

	/**
	 * The messages add-ons add to each of these subscriptions' period quota; a
	 * subscription without add-ons is left out.
	 */
	@Transactional(readOnly = true)
	public Map<String, Long> extraMessages(Collection<String> subscriptionIds) {
		return subscriptionIds.isEmpty() ? Map.of() : this.subscriptions.extraMessages(subscriptionIds);
	}

	private static List<CustomerSubscription> views(List<Subscription> subscriptions) {
		return subscriptions.stream().map(CustomerSubscription::of).toList();
	}

	private Subscription lockOrCreate(String subscriptionId, String customerId) {
		return this.subscriptions.lockBySubscriptionId(subscriptionId).orElseGet(() -> {
			this.subscriptions.insertIfAbsent(subscriptionId, customerId);
			return this.subscriptions.lockBySubscriptionId(subscriptionId)
				.orElseThrow(
						() -> new IllegalStateException("Subscription row vanished after insert: " + subscriptionId));
		});
	}

	private static @Nullable String tierFor(TierView tiers, @Nullable SubscriptionItem tierItem,
			SubscriptionSnapshot snapshot) {
		if (tierItem != null) {
			return tiers.tierForPrice(tierItem.priceId()).orElse(null);
		}
		for (SubscriptionItem item : snapshot.items()) {
			if (tiers.tierForPrice(item.priceId()).isPresent()) {
				logger.warn("Subscription {} holds Stripe price {} at quantity {}, which buys nothing: stored without "
						+ "access.", snapshot.subscriptionId(), item.priceId(), item.quantity());
				return null;
			}
		}
		if (!snapshot.items().isEmpty() && snapshot.items().stream().noneMatch(item -> tiers.isAddOn(item.priceId()))) {
			logger.warn("Subscription {} is on Stripe price {}, which maps to no tier: stored without access. "
					+ "Give its product xsen_tier and xsen_rank metadata in Stripe, or list the price in a tier "
					+ "variable (STRIPE_PRICE_BASIC, STRIPE_PRICE_PREMIUM).", snapshot.subscriptionId(),
					snapshot.items().get(0).priceId());
		}
		return null;
	}

}
