package io.xsen.orchestrator.webhook;

import java.util.function.Supplier;

import io.xsen.orchestrator.billing.CheckoutSession;
import io.xsen.orchestrator.billing.CustomerRead;
import io.xsen.orchestrator.billing.InvoiceSubscription;
import io.xsen.orchestrator.billing.StripeBilling;
import io.xsen.orchestrator.billing.StripeCustomer;
import io.xsen.orchestrator.billing.StripeObjectUnreadable;
import io.xsen.orchestrator.billing.StripeObjects;
import io.xsen.orchestrator.billing.StripeProperties;
import io.xsen.orchestrator.billing.SubscriptionRead;
import io.xsen.orchestrator.subscription.StateOrder;
import io.xsen.orchestrator.subscription.StateOrder.Precedence;
import io.xsen.orchestrator.subscription.SubscriptionLedger;
import io.xsen.orchestrator.subscription.SubscriptionSnapshot;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Turns one verified Stripe event into its effect on subscriptions and their customers'
 * emails.
 *
 * <p>
 * Status only ever comes from a whole subscription: the one a
 * {@code customer.subscription.*} event carries, or Stripe's answer when the event does
 * not carry one (a checkout, an invoice) or shares its second with what is stored; a
 * customer's email likewise comes from the {@code customer.updated} event, or from Stripe
 * when two share a second. At most one Stripe API call per event, made before the event's
 * transaction opens so no connection or row lock waits on Stripe; none for a subscription
 * or customer event strictly newer than what is stored.
 */
@Component
class StripeEventApplier {

	private static final Logger logger = LoggerFactory.getLogger(StripeEventApplier.class);

	private final SubscriptionLedger ledger;

	private final StripeBilling billing;

	private final boolean livemode;

	StripeEventApplier(SubscriptionLedger ledger, StripeBilling billing, StripeProperties stripe) {
		this.ledger = ledger;
		this.billing = billing;
		this.livemode = stripe.livemode();
	}

	/**
	 * Why XSEN records this event without applying it at all, not even asking Stripe
	 * about it.
	 * @return the reason, or {@code null} when the event is XSEN's to apply
	 */
	@Nullable IgnoredReason notAppliedBecause(VerifiedEvent event) {
		if (event.thin()) {
			return IgnoredReason.THIN_EVENT;
		}
		// A test event must never change a live subscription, nor the reverse.
		if (event.livemode() != this.livemode) {
			return IgnoredReason.LIVEMODE_MISMATCH;
		}
		return null;
	}

	/**
	 * How to read from Stripe what the event needs, without calling it yet: the
	 * subscription behind a checkout or an invoice, or the customer of a
	 * {@code customer.updated} that shares its second with the email XSEN holds.
	 * @return the read, or {@code null} when the event needs none
	 */
	@Nullable Supplier<ReadAhead> stripeReadFor(VerifiedEvent event) {
		StripeEventType type = StripeEventType.of(event.type()).orElse(null);
		if (type == null) {
			return null;
		}
		return switch (type) {
			case CHECKOUT_SESSION_COMPLETED -> {
				CheckoutSession session = StripeObjects.checkoutSession(event.dataObject());
				String subscriptionId = session.subscriptionId();
				yield (session.isSubscription() && session.expandedSubscription() == null && subscriptionId != null)
						? () -> read(subscriptionId) : null;
			}
			case INVOICE_PAYMENT_SUCCEEDED,
					INVOICE_PAYMENT_FAILED ->
				StripeObjects.invoiceSubscription(event.dataObject())
					.<Supplier<ReadAhead>>map(invoice -> () -> read(invoice.subscriptionId()))
					.orElse(null);
			case CUSTOMER_UPDATED -> {
				String customerId = StripeObjects.customerId(event.dataObject());
				yield this.ledger.customerEmailTiedWith(customerId, StateOrder.event(event.created()), event.id())
					.<Supplier<ReadAhead>>map(stored -> () -> readCustomer(customerId, stored))
					.orElse(null);
			}
			// A subscription event carries its snapshot; a same-second tie, rare, is read
			// in its transaction.
			default -> null;
		};
	}

	WebhookOutcome apply(VerifiedEvent event, @Nullable ReadAhead ahead) {
		StripeEventType type = StripeEventType.of(event.type()).orElse(null);
		if (type == null) {
			return WebhookOutcome.IGNORED;
		}
		return switch (type) {
			case CHECKOUT_SESSION_COMPLETED -> checkoutCompleted(event, ahead);
			case SUBSCRIPTION_CREATED, SUBSCRIPTION_UPDATED, SUBSCRIPTION_PAUSED, SUBSCRIPTION_RESUMED,
					SUBSCRIPTION_PENDING_UPDATE_APPLIED, SUBSCRIPTION_PENDING_UPDATE_EXPIRED,
					SUBSCRIPTION_TRIAL_WILL_END ->
				subscriptionEvent(StripeObjects.subscription(event.dataObject()), null, event, ahead);
			case SUBSCRIPTION_DELETED ->
				subscriptionEvent(ended(StripeObjects.subscription(event.dataObject())), null, event, ahead);
			case INVOICE_PAYMENT_SUCCEEDED, INVOICE_PAYMENT_FAILED ->
				StripeObjects.invoiceSubscription(event.dataObject())
					.map(invoice -> outcome(
							fromStripe(invoice.subscriptionId(), invoice.customerId(), invoice.email(), event, ahead)))
					.orElse(WebhookOutcome.IGNORED);
			case CUSTOMER_UPDATED -> customerUpdated(event, ahead);
		};
	}

	// The customer's email, in event order like a subscription, recorded even before
	// XSEN holds any subscription of the customer; when two changes share a second, the
	// customer as Stripe holds it now settles them.
	private WebhookOutcome customerUpdated(VerifiedEvent event, @Nullable ReadAhead ahead) {
		StripeCustomer customer = StripeObjects.customer(event.dataObject())
			.orElseThrow(() -> new StripeObjectUnreadable("Event " + event.id() + " carries no customer"));
		if (!customer.saysEmail()) {
			logger.info("Stripe event {} ignored: it does not say customer {}'s email", event.id(), customer.id());
			return WebhookOutcome.IGNORED;
		}
		Precedence precedence = this.ledger.recordCustomerEmail(customer.id(), customer.email(),
				StateOrder.event(event.created()), event.id());
		if (precedence != Precedence.UNDECIDED) {
			return outcome(precedence);
		}
		// A tie that appeared after the read-ahead (a concurrent delivery) is read here.
		CustomerReadAhead read = (ahead instanceof CustomerReadAhead customerAhead
				&& customerAhead.customerId().equals(customer.id())) ? customerAhead
						: readCustomer(customer.id(), this.ledger.storedCustomerEmailOrder(customer.id()).orElse(null));
		CustomerRead current = read.read();
		if (current == null || !current.saysEmail()) {
			logger.info("Stripe event {} changes nothing: Stripe shows {} for customer {}", event.id(),
					(current == null) ? "no such customer any more" : "no email", customer.id());
			return WebhookOutcome.STALE;
		}
		// Stamped with the event's second, as a subscription read for a tie is.
		return outcome(this.ledger.recordCustomerEmail(customer.id(), current.email(),
				StateOrder.stripeReadAfter(event.created(), read.storedBefore()), event.id()));
	}

	private WebhookOutcome subscriptionEvent(SubscriptionSnapshot snapshot, @Nullable String email, VerifiedEvent event,
			@Nullable ReadAhead ahead) {
		Precedence precedence = this.ledger.record(snapshot, StateOrder.event(event.created()), email, event.id());
		if (precedence == Precedence.UNDECIDED) {
			// Two changes in one second: only Stripe knows which one is current.
			precedence = fromStripe(snapshot.subscriptionId(), snapshot.customerId(), email, event, ahead);
		}
		return outcome(precedence);
	}

	private WebhookOutcome checkoutCompleted(VerifiedEvent event, @Nullable ReadAhead ahead) {
		CheckoutSession session = StripeObjects.checkoutSession(event.dataObject());
		if (!session.isSubscription()) {
			return WebhookOutcome.IGNORED;
		}
		String subscriptionId = session.subscriptionId();
		if (subscriptionId == null) {
			throw new StripeObjectUnreadable("Subscription checkout " + session.id() + " names no subscription");
		}
		if (session.expandedSubscription() != null) {
			return subscriptionEvent(StripeObjects.subscription(session.expandedSubscription()), session.email(), event,
					ahead);
		}
		// A checkout event carries only the subscription's id; its tier, status and
		// period come from Stripe.
		return outcome(fromStripe(subscriptionId, session.customerId(), session.email(), event, ahead));
	}

	// Stamped with the event's second, not the read's: any event after this one still
	// applies, so the stored state converges on Stripe's latest event whatever the
	// delivery order.
	private Precedence fromStripe(String subscriptionId, @Nullable String customerId, @Nullable String email,
			VerifiedEvent event, @Nullable ReadAhead ahead) {
		// A tie that appeared after the read-ahead (a concurrent delivery) is read here.
		SubscriptionReadAhead read = (ahead instanceof SubscriptionReadAhead subscriptionAhead
				&& subscriptionAhead.subscriptionId().equals(subscriptionId)) ? subscriptionAhead
						: read(subscriptionId);
		SubscriptionSnapshot snapshot = read.read().snapshot();
		String owned = email;
		if (email != null && customerId != null && !customerId.equals(snapshot.customerId())) {
			logger.warn("Event {} names customer {}, but Stripe says subscription {} belongs to {}: email not used",
					event.id(), customerId, subscriptionId, snapshot.customerId());
			owned = null;
		}
		return this.ledger.record(snapshot, StateOrder.stripeReadAfter(event.created(), read.storedBefore()), owned,
				event.id());
	}

	// Reads the subscription from Stripe, with what XSEN held before asking.
	private SubscriptionReadAhead read(String subscriptionId) {
		StateOrder stored = this.ledger.storedOrder(subscriptionId).orElse(null);
		return new SubscriptionReadAhead(subscriptionId, stored, this.billing.retrieveSubscription(subscriptionId));
	}

	// Reads the customer from Stripe; storedBefore is the email's order as XSEN held it
	// before asking.
	private CustomerReadAhead readCustomer(String customerId, @Nullable StateOrder storedBefore) {
		return new CustomerReadAhead(customerId, storedBefore, this.billing.retrieveCustomer(customerId).orElse(null));
	}

	private static WebhookOutcome outcome(Precedence precedence) {
		return WebhookOutcome.of(precedence == Precedence.NEWER);
	}

	// A deleted subscription ended: canceled, or incomplete_expired when Stripe says so.
	private static SubscriptionSnapshot ended(SubscriptionSnapshot snapshot) {
		return snapshot.withStatus("incomplete_expired".equals(snapshot.status()) ? snapshot.status() : "canceled");
	}

	/**
	 * What XSEN read from Stripe for one event before the event's transaction opened,
	 * with what it held before the read began.
	 */
	sealed interface ReadAhead {

	}

	/**
	 * A subscription read from Stripe for one event.
	 */
	record SubscriptionReadAhead(String subscriptionId, @Nullable StateOrder storedBefore,
			SubscriptionRead read) implements ReadAhead {
	}

	/**
	 * A customer read from Stripe for one event.
	 *
	 * @param read the customer, {@code null} when Stripe says it was deleted
	 */
	record CustomerReadAhead(String customerId, @Nullable StateOrder storedBefore,
			@Nullable CustomerRead read) implements ReadAhead {
	}

}
