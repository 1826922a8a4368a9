package io.xsen.orchestrator.checkout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import io.xsen.orchestrator.ProblemException;
import io.xsen.orchestrator.billing.CheckoutLink;
import io.xsen.orchestrator.billing.ItemRead;
import io.xsen.orchestrator.billing.NewCheckout;
import io.xsen.orchestrator.billing.StripeBilling;
import io.xsen.orchestrator.subscription.TierCatalog;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Opens the Stripe sessions that sell a plan: a Checkout Session for a new subscription,
 * or a billing portal session that asks a subscriber to confirm a plan change.
 *
 * <p>
 * Each call to Stripe carries an idempotency key. A request with an
 * {@code Idempotency-Key} gets one derived from that key, who sent it and what it asks,
 * so that a retry gets the session the first attempt opened; Stripe keeps it 24 hours, as
 * XSEN keeps the chat path's keys.
 */
@Service
class Checkouts {

	private final PlanPrices prices;

	private final StripeBilling billing;

	private final TierCatalog tiers;

	private final CheckoutUrls urls;

	Checkouts(PlanPrices prices, StripeBilling billing, TierCatalog tiers, CheckoutUrls urls) {
		this.prices = prices;
		this.billing = billing;
		this.tiers = tiers;
		this.urls = urls;
	}

	/**
	 * A Checkout Session for a new customer, their email prefilled when given.
	 * @param requester who asks (the client address), so that another cannot replay their
	 * key
	 */
	CheckoutLink checkout(String price, @Nullable Long quantity, @Nullable String email, String requester,
			@Nullable String idempotencyKey) {
		PlanPrice plan = this.prices.find(price);
		long units = plan.quantity(quantity);
		return this.billing.createCheckoutSession(
				new NewCheckout(plan.priceId(), units, null, email, this.urls.success(), this.urls.cancel()),
				stripeKey("checkout", idempotencyKey, requester, plan.priceId(), Long.toString(units),
						String.valueOf(email)));
	}

	/**
	 * A plan change for a customer: a billing portal session confirming the move of their
	 * subscription's tier item to the price when they hold a subscription that grants a
	 * tier, else a Checkout Session for them.
	 */
	Upgrade upgrade(String customerId, @Nullable String subscriptionId, @Nullable String tier, String price,
			@Nullable Long quantity, @Nullable String idempotencyKey) {
		PlanPrice plan = this.prices.find(price);
		long units = plan.quantity(quantity);
		if (subscriptionId == null || tier == null) {
			CheckoutLink link = this.billing.createCheckoutSession(
					new NewCheckout(plan.priceId(), units, customerId, null, this.urls.success(), this.urls.cancel()),
					stripeKey("upgrade-checkout", idempotencyKey, customerId, plan.priceId(), Long.toString(units)));
			return new Upgrade(link.url(), link.sessionId());
		}
		ItemRead item = tierItem(this.billing.subscriptionItems(subscriptionId), tier);
		if (item.priceId().equals(plan.priceId()) && (!plan.perSeat() || item.quantity() == units)) {
			throw new ProblemException(HttpStatus.CONFLICT, "already_on_plan",
					"The subscription is already on this price; nothing to change");
		}
		String url = this.billing.createPlanChangeSession(customerId, subscriptionId, item.itemId(), plan.priceId(),
				plan.perSeat() ? units : null, this.urls.portalReturn(),
				stripeKey("upgrade", idempotencyKey, customerId, subscriptionId, plan.priceId(), Long.toString(units)));
		return new Upgrade(url, null);
	}

	// The item whose price buys the subscription's tier; failing that, the one buying
	// the highest tier.
	private ItemRead tierItem(List<ItemRead> items, String tier) {
		ItemRead best = null;
		int bestRank = 0;
		for (ItemRead item : items) {
			String itemTier = this.tiers.tierForPrice(item.priceId()).orElse(null);
			if (item.quantity() < 1 || itemTier == null) {
				continue;
			}
			if (itemTier.equals(tier)) {
				return item;
			}
			if (best == null || this.tiers.rank(itemTier) > bestRank) {
				best = item;
				bestRank = this.tiers.rank(itemTier);
			}
		}
		if (best == null) {
			throw new ProblemException(HttpStatus.CONFLICT, "plan_change_unavailable",
					"Stripe shows no item of the subscription that buys a tier; contact support");
		}
		return best;
	}

	// Without a key from the caller, a fresh one: a network retry by the Stripe client
	// still opens one session.
	private static String stripeKey(String purpose, @Nullable String idempotencyKey, String... request) {
		if (idempotencyKey == null) {
			return "xsen-" + purpose + "-" + UUID.randomUUID();
		}
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((purpose + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
			for (String part : request) {
				digest.update(("\n" + part).getBytes(StandardCharsets.UTF_8));
			}
			return "xsen-" + purpose + "-" + HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

	/**
	 * Where a plan change continues: the portal's page, or a Checkout Session's.
	 *
	 * @param sessionId the Checkout Session's id, {@code null} for the portal
	 */
	record Upgrade(String url, @Nullable String sessionId) {
	}

}
