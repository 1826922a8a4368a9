package io.xsen.orchestrator.webhook;

import io.xsen.orchestrator.billing.CheckoutSession;
import io.xsen.orchestrator.billing.StripeBilling;
import io.xsen.orchestrator.billing.StripeObjectUnreadable;
import io.xsen.orchestrator.billing.StripeObjects;
import io.xsen.orchestrator.subscription.StateOrder;
import io.xsen.orchestrator.subscription.SubscriptionLedger;
import io.xsen.orchestrator.subscription.SubscriptionSnapshot;

import org.springframework.stereotype.Component;

/**
 * Turns one verified Stripe event into its effect on subscriptions.
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
		StateOrder order = new StateOrder(event.created(), type.tieRank());
		return switch (type) {
			case CHECKOUT_SESSION_COMPLETED -> checkoutCompleted(event, order);
			case SUBSCRIPTION_CREATED, SUBSCRIPTION_UPDATED -> WebhookOutcome.of(this.ledger
				.recordSnapshot(StripeObjects.subscription(event.dataObject()), order, null, event.id()));
			case SUBSCRIPTION_DELETED -> WebhookOutcome.of(this.ledger
				.recordSnapshot(canceled(StripeObjects.subscription(event.dataObject())), order, null, event.id()));
			case INVOICE_PAYMENT_SUCCEEDED, INVOICE_PAYMENT_FAILED ->
				StripeObjects.invoicePayment(event.dataObject(), type == StripeEventType.INVOICE_PAYMENT_SUCCEEDED)
					.map(payment -> WebhookOutcome.of(this.ledger.recordPayment(payment, order, event.id())))
					.orElse(WebhookOutcome.IGNORED);
		};
	}

	private WebhookOutcome checkoutCompleted(VerifiedEvent event, StateOrder order) {
		CheckoutSession session = StripeObjects.checkoutSession(event.dataObject());
		if (!session.isSubscription()) {
			return WebhookOutcome.IGNORED;
		}
		if (session.subscriptionId() == null) {
			throw new StripeObjectUnreadable("Subscription checkout " + session.id() + " names no subscription");
		}
		// A checkout event carries only the subscription's id; its tier, status and
		// period come from Stripe.
		SubscriptionSnapshot snapshot = (session.expandedSubscription() != null)
				? StripeObjects.subscription(session.expandedSubscription())
				: this.billing.retrieveSubscription(session.subscriptionId());
		return WebhookOutcome.of(this.ledger.recordSnapshot(snapshot, order, session.email(), event.id()));
	}

	private static SubscriptionSnapshot canceled(SubscriptionSnapshot snapshot) {
		return new SubscriptionSnapshot(snapshot.subscriptionId(), snapshot.customerId(), "canceled",
				snapshot.priceIds(), snapshot.currentPeriodEnd(), snapshot.cancelAtPeriodEnd());
	}

}
