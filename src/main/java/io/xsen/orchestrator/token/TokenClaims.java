package io.xsen.orchestrator.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.xsen.orchestrator.billing.CatalogReads;
import io.xsen.orchestrator.billing.CheckoutSession;
import io.xsen.orchestrator.billing.CustomerRead;
import io.xsen.orchestrator.billing.StripeBilling;
import io.xsen.orchestrator.billing.StripeObjects;
import io.xsen.orchestrator.billing.StripeRequestRejected;
import io.xsen.orchestrator.subscription.CustomerSubscription;
import io.xsen.orchestrator.subscription.StateOrder;
import io.xsen.orchestrator.subscription.SubscriptionAccess;
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
 * records the subscription Stripe reports itself, and the customer's email as Stripe
 * holds it now; the ledger's ordering makes that safe whichever comes first.
 *
 * <p>
 * A session yields one token: whoever holds its id later (browser history, a referrer)
 * gets nothing. Ids Stripe does not know are remembered for a while, so guessing ids does
 * not spend the Stripe API quota.
 */
@Service
public class TokenClaims {

	private static final Duration UNKNOWN_SESSION_MEMORY = Duration.ofMinutes(10);

	private static final int UNKNOWN_SESSIONS_KEPT = 100_000;

	private final StripeBilling billing;

	private final CatalogReads catalogReads;

	private final SubscriptionLedger ledger;

	private final CustomerTokens tokens;

	private final TokenProperties properties;

	private final SubscriptionAccess access;

	private final Clock clock;

	private final Cache<String, Boolean> unknownSessions = Caffeine.newBuilder()
		.maximumSize(UNKNOWN_SESSIONS_KEPT)
		.expireAfterWrite(UNKNOWN_SESSION_MEMORY)
		.build();

	TokenClaims(StripeBilling billing, CatalogReads catalogReads, SubscriptionLedger ledger, CustomerTokens tokens,
			TokenProperties properties, SubscriptionAccess access, Clock clock) {
		this.billing = billing;
		this.catalogReads = catalogReads;
		this.ledger = ledger;
		this.tokens = tokens;
		this.properties = properties;
		this.access = access;
		this.clock = clock;
	}

	public ClaimedToken claim(String checkoutSessionId) {
		if (this.tokens.wasClaimed(checkoutSessionId)) {
			throw new CheckoutSessionAlreadyClaimed(checkoutSessionId);
		}
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
		this.catalogReads.keepUnknownPrices(snapshot);
		CustomerRead customer = session.customer();
		boolean customerRead = customer != null && customer.customerId().equals(customerId) && customer.saysEmail();
		this.ledger.record(snapshot, StateOrder.stripeRead(completed),
				customerRead ? customer.email() : session.email(), session.id());
		if (customerRead) {
			// The customer as Stripe answered: newer than any event of an earlier second.
			this.ledger.recordCustomerEmail(customerId, customer.email(), StateOrder.stripeRead(customer.readAt()),
					session.id());
		}
		this.catalogReads.refreshFeatures(customerId, session.id());
		IssuedToken token = this.tokens.issueForCheckout(customerId, checkoutSessionId);
		CustomerSubscription entitling = this.access.best(this.ledger.findByCustomer(customerId));
		return new ClaimedToken(token, (entitling != null) ? entitling.tier() : null);
	}

	/**
	 * Whether the session's one token was claimed already; asks nothing of Stripe.
	 */
	public boolean claimed(String checkoutSessionId) {
		return this.tokens.wasClaimed(checkoutSessionId);
	}

	/**
	 * The Checkout Session as Stripe reports it now, for a page that waits for it to
	 * complete; an id Stripe did not know a moment ago is not asked again.
	 * @throws io.xsen.orchestrator.ProblemException 404
	 * {@code checkout_session_not_found} when Stripe knows no such session
	 */
	public CheckoutSession session(String checkoutSessionId) {
		return retrieve(checkoutSessionId);
	}

	private CheckoutSession retrieve(String checkoutSessionId) {
		if (this.unknownSessions.getIfPresent(checkoutSessionId) != null) {
			throw notFound(checkoutSessionId);
		}
		try {
			return this.billing.retrieveCheckoutSession(checkoutSessionId);
		}
		catch (StripeRequestRejected ex) {
			if (ex.statusCode() == HttpStatus.NOT_FOUND.value() || ex.statusCode() == HttpStatus.BAD_REQUEST.value()) {
				this.unknownSessions.put(checkoutSessionId, Boolean.TRUE);
				throw notFound(checkoutSessionId);
			}
			throw ex;
		}
	}

	private static CheckoutSessionNotFound notFound(String checkoutSessionId) {
		return new CheckoutSessionNotFound("Stripe knows no Checkout Session " + checkoutSessionId);
	}

	/**
	 * A claimed token and the tier it opens.
	 */
	public record ClaimedToken(IssuedToken token, @Nullable String tier) {
	}

}
