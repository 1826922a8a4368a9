package io.xsen.orchestrator.access;

import java.time.Clock;
import java.time.Instant;

import io.xsen.orchestrator.billing.CheckoutSession;
import io.xsen.orchestrator.billing.StripeBilling;
import io.xsen.orchestrator.billing.StripeObjects;
import io.xsen.orchestrator.billing.StripeRequestRejected;
import io.xsen.orchestrator.subscription.StateOrder;
import io.xsen.orchestrator.subscription.SubscriptionLedger;
import io.xsen.orchestrator.subscription.SubscriptionSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Hands a customer their token on the Checkout success page, after asking Stripe that the
 * purchase really completed.
 *
 * <p>
 * The redirect may beat the {@code checkout.session.completed} webhook, so the claim
 * records the subscription Stripe reports itself; the ledger's ordering makes that safe
 * whichever comes first.
 */
@Service
class TokenClaims {

	private final StripeBilling billing;

	private final SubscriptionLedger ledger;

	private final CustomerTokens tokens;

	private final TokenProperties properties;

	private final SubscriptionAccess access;

	private final Clock clock;

	TokenClaims(StripeBilling billing, SubscriptionLedger ledger, CustomerTokens tokens, TokenProperties properties,
			SubscriptionAccess access, Clock clock) {
		this.billing = billing;
		this.ledger = ledger;
		this.tokens = tokens;
		this.properties = properties;
		this.access = access;
		this.clock = clock;
	}

	ClaimedToken claim(String checkoutSessionId) {
		CheckoutSession session = retrieve(checkoutSessionId);
		if (!session.isComplete()) {
			throw new CheckoutSessionIncomplete("Checkout Session " + session.id() + " is "
					+ ((session.status() != null) ? session.status() : "not complete") + "; claim after payment");
		}
		String customerId = session.customerId();
		String subscriptionId = session.subscriptionId();
		if (!session.isSubscription() || customerId == null || subscriptionId == null) {
			throw new CheckoutSessionNotForSubscription(
					"Checkout Session " + session.id() + " did not start a subscription");
		}
		Instant completed = (session.completed() != null) ? session.completed() : this.clock.instant();
		if (this.clock.instant().isAfter(completed.plus(this.properties.claimWindow()))) {
			throw new ClaimWindowClosed("Checkout Session " + session.id() + " completed more than "
					+ this.properties.claimWindow().toHours() + " hours ago; ask support for a token");
		}
		// Ordered as of the purchase, like the checkout webhook: any later event wins.
		SubscriptionSnapshot snapshot = (session.expandedSubscription() != null)
				? StripeObjects.subscription(session.expandedSubscription())
				: this.billing.retrieveSubscription(subscriptionId).snapshot();
		this.ledger.record(snapshot, StateOrder.stripeRead(completed), session.email(), session.id());
		IssuedToken token = this.tokens.issue(customerId, TokenChannel.CLAIM);
		CustomerSubscription entitling = this.access.bestStored(this.ledger.findByCustomer(customerId));
		return new ClaimedToken(token, (entitling != null) ? entitling.tier() : null);
	}

	private CheckoutSession retrieve(String checkoutSessionId) {
		try {
			return this.billing.retrieveCheckoutSession(checkoutSessionId);
		}
		catch (StripeRequestRejected ex) {
			if (ex.statusCode() == HttpStatus.NOT_FOUND.value() || ex.statusCode() == HttpStatus.BAD_REQUEST.value()) {
				throw new CheckoutSessionNotFound("Stripe knows no Checkout Session " + checkoutSessionId);
			}
			throw ex;
		}
	}

	/**
	 * A claimed token and the tier it opens.
	 */
	record ClaimedToken(IssuedToken token, @Nullable String tier) {
	}

}
