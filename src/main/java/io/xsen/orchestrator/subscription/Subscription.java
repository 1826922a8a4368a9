package io.xsen.orchestrator.subscription;

import java.time.Instant;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * One Stripe subscription as XSEN last learned it, with the order of the events that set
 * it.
 */
@Entity
@Table(name = "subscriptions")
public class Subscription {

	/**
	 * Statuses Stripe never leaves: a payment event must not bring such a subscription
	 * back.
	 */
	private static final Set<String> TERMINAL_STATUSES = Set.of("canceled", "incomplete_expired");

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(name = "stripe_subscription_id")
	private String stripeSubscriptionId;

	@Column(name = "stripe_customer_id")
	private String stripeCustomerId;

	private @Nullable String email;

	private @Nullable String tier;

	private String status;

	private @Nullable String priceId;

	private @Nullable Instant currentPeriodEnd;

	private boolean cancelAtPeriodEnd;

	private @Nullable Instant stateEventCreated;

	private @Nullable Integer stateEventRank;

	private @Nullable Instant statusEventCreated;

	private @Nullable Integer statusEventRank;

	private @Nullable String lastEventId;

	private Instant createdAt;

	private Instant updatedAt;

	protected Subscription() {
		this.stripeSubscriptionId = "";
		this.stripeCustomerId = "";
		this.status = "";
		this.createdAt = Instant.EPOCH;
		this.updatedAt = Instant.EPOCH;
	}

	/**
	 * Applies a full snapshot: tier, price, period and cancel flag when it is newer than
	 * the last snapshot, status when it is newer than the last status change.
	 * @return whether anything changed
	 */
	boolean applySnapshot(SubscriptionSnapshot snapshot, @Nullable String priceId, @Nullable String tier,
			StateOrder order, String eventId) {
		boolean changed = false;
		boolean newestEvent = order.isAfter(statusOrder());
		if (order.isAfter(stateOrder())) {
			this.priceId = priceId;
			this.tier = tier;
			// A newer payment may already have advanced the period past what this
			// snapshot saw.
			this.currentPeriodEnd = newestEvent ? snapshot.currentPeriodEnd()
					: later(this.currentPeriodEnd, snapshot.currentPeriodEnd());
			this.cancelAtPeriodEnd = snapshot.cancelAtPeriodEnd();
			this.stateEventCreated = order.created();
			this.stateEventRank = order.rank();
			changed = true;
		}
		if (newestEvent) {
			setStatus(snapshot.status(), order);
			changed = true;
		}
		return touched(changed, eventId);
	}

	/**
	 * Applies a payment attempt: status when newer than the last status change, the
	 * period only ever forward, and the invoice's price only while no subscription
	 * snapshot has arrived yet.
	 * @return whether anything changed
	 */
	boolean applyPayment(InvoicePayment payment, @Nullable String priceId, @Nullable String tier, StateOrder order,
			String eventId) {
		boolean changed = false;
		if (order.isAfter(statusOrder()) && !TERMINAL_STATUSES.contains(this.status)) {
			setStatus(paymentStatus(payment), order);
			changed = true;
		}
		Instant advanced = payment.succeeded() ? later(this.currentPeriodEnd, payment.periodEnd())
				: this.currentPeriodEnd;
		if (advanced != null && !advanced.equals(this.currentPeriodEnd)) {
			this.currentPeriodEnd = advanced;
			changed = true;
		}
		if (this.stateEventCreated == null && priceId != null && !priceId.equals(this.priceId)) {
			this.priceId = priceId;
			this.tier = tier;
			changed = true;
		}
		if (this.email == null) {
			useEmail(payment.email());
		}
		return touched(changed, eventId);
	}

	void useEmail(@Nullable String email) {
		if (email != null && !email.equals(this.email)) {
			this.email = email;
			this.updatedAt = Instant.now();
		}
	}

	private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
		if (a == null) {
			return b;
		}
		return (b == null || a.isAfter(b)) ? a : b;
	}

	private String paymentStatus(InvoicePayment payment) {
		if (!payment.succeeded()) {
			return "past_due";
		}
		// A free trial's zero-amount invoice keeps the subscription trialing.
		return ("trialing".equals(this.status) && payment.amountPaidZero()) ? "trialing" : "active";
	}

	private void setStatus(String status, StateOrder order) {
		this.status = status;
		this.statusEventCreated = order.created();
		this.statusEventRank = order.rank();
	}

	private boolean touched(boolean changed, String eventId) {
		if (changed) {
			this.lastEventId = eventId;
			this.updatedAt = Instant.now();
		}
		return changed;
	}

	private @Nullable StateOrder stateOrder() {
		return (this.stateEventCreated != null && this.stateEventRank != null)
				? new StateOrder(this.stateEventCreated, this.stateEventRank) : null;
	}

	private @Nullable StateOrder statusOrder() {
		return (this.statusEventCreated != null && this.statusEventRank != null)
				? new StateOrder(this.statusEventCreated, this.statusEventRank) : null;
	}

	public String getStripeSubscriptionId() {
		return this.stripeSubscriptionId;
	}

	public String getStripeCustomerId() {
		return this.stripeCustomerId;
	}

	public @Nullable String getEmail() {
		return this.email;
	}

	public @Nullable String getTier() {
		return this.tier;
	}

	public String getStatus() {
		return this.status;
	}

	public @Nullable String getPriceId() {
		return this.priceId;
	}

	public @Nullable Instant getCurrentPeriodEnd() {
		return this.currentPeriodEnd;
	}

	public boolean isCancelAtPeriodEnd() {
		return this.cancelAtPeriodEnd;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

}
