package io.xsen.orchestrator.webhook;

import io.xsen.orchestrator.billing.CheckoutSession;
import io.xsen.orchestrator.billing.InvoiceSubscription;
import io.xsen.orchestrator.billing.StripeBilling;
import io.xsen.orchestrator.billing.StripeObjectUnreadable;
import io.xsen.orchestrator.billing.StripeObjects;
import io.xsen.orchestrator.billing.SubscriptionRead;
import io.xsen.orchestrator.subscription.StateOrder;
import io.xsen.orchestrator.subscription.StateOrder.Precedence;
import io.xsen.orchestrator.subscription.SubscriptionLedger;
import io.xsen.orchestrator.subscription.SubscriptionSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Turns one verified Stripe event into its effect on subscriptions.
 *
 * <p>
 * Status only ever comes from a whole subscription: the one a
 * {@code customer.subscription.*} event carries, or Stripe's answer when the event does
 * not carry one (a checkout, an invoice) or shares its second with what is stored. At
 * most one Stripe API call per event; none for a subscription event strictly newer than
 * what is stored.
 */
@Component
class StripeEventApplier {

	private final SubscriptionLedger ledger;

	private final StripeBilling billing;

	StripeEventApplier(SubscriptionLedger ledger, StripeBilling billing) {
		this.ledger = ledger;
		this.billing = billing;
	}

	WebhookOutcome apply(VerifiedEvent event) {
		StripeEventType type = StripeEventType.of(event.type()).orElse(null);
		if (type == null) {
			return WebhookOutcome.IGNORED;
		}
		return switch (type) {
			case CHECKOUT_SESSION_COMPLETED -> checkoutCompleted(event);
			case SUBSCRIPTION_CREATED, SUBSCRIPTION_UPDATED, SUBSCRIPTION_PAUSED, SUBSCRIPTION_RESUMED,
					SUBSCRIPTION_PENDING_UPDATE_APPLIED, SUBSCRIPTION_PENDING_UPDATE_EXPIRED,
					SUBSCRIPTION_TRIAL_WILL_END ->
				subscriptionEvent(StripeObjects.subscription(event.dataObject()), null, event);
			case SUBSCRIPTION_DELETED ->
				subscriptionEvent(canceled(StripeObjects.subscription(event.dataObject())), null, event);
			case INVOICE_PAYMENT_SUCCEEDED,
					INVOICE_PAYMENT_FAILED ->
				StripeObjects.invoiceSubscription(event.dataObject())
					.map(invoice -> outcome(askStripe(invoice.subscriptionId(), invoice.email(), event)))
					.orElse(WebhookOutcome.IGNORED);
		};
	}

	private WebhookOutcome subscriptionEvent(SubscriptionSnapshot snapshot, @Nullable String email,
			VerifiedEvent event) {
		Precedence precedence = this.ledger.record(snapshot, StateOrder.event(event.created()), email, event.id());
		if (precedence == Precedence.UNDECIDED) {
			// Two changes in one second: only Stripe knows which one is current.
			precedence = askStripe(snapshot.subscriptionId(), email, event);
		}
		return outcome(precedence);
	}

	private WebhookOutcome checkoutCompleted(VerifiedEvent event) {
		CheckoutSession session = StripeObjects.checkoutSession(event.dataObject());
		if (!session.isSubscription()) {
			return WebhookOutcome.IGNORED;
		}
		if (session.subscriptionId() == null) {
			throw new StripeObjectUnreadable("Subscription checkout " + session.id() + " names no subscription");
		}
		if (session.expandedSubscription() != null) {
			return subscriptionEvent(StripeObjects.subscription(session.expandedSubscription()), session.email(),
					event);
		}
		// A checkout event carries only the subscription's id; its tier, status and
		// period come from Stripe.
		return outcome(askStripe(session.subscriptionId(), session.email(), event));
	}

	// Stamped with the event's second, not the read's: any event after this one still
	// applies, so the stored state converges on Stripe's latest event whatever the
	// delivery order.
	private Precedence askStripe(String subscriptionId, @Nullable String email, VerifiedEvent event) {
		StateOrder stored = this.ledger.storedOrder(subscriptionId).orElse(null);
		SubscriptionRead read = this.billing.retrieveSubscription(subscriptionId);
		return this.ledger.record(read.snapshot(), StateOrder.stripeReadAfter(event.created(), stored), email,
				event.id());
	}

	private static WebhookOutcome outcome(Precedence precedence) {
		return WebhookOutcome.of(precedence == Precedence.NEWER);
	}

	private static SubscriptionSnapshot canceled(SubscriptionSnapshot snapshot) {
		return new SubscriptionSnapshot(snapshot.subscriptionId(), snapshot.customerId(), "canceled",
				snapshot.priceIds(), snapshot.currentPeriodEnd(), snapshot.cancelAtPeriodEnd());
	}

}
