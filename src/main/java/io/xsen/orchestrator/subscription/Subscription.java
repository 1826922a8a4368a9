package io.xsen.orchestrator.subscription;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.xsen.orchestrator.subscription.StateOrder.Precedence;

/**
 * One Stripe subscription as XSEN last learned it, with the order of the snapshot that
 * set it; other packages see it as a {@link CustomerSubscription}.
 */
class Subscription {

	private final long id;

	private final String stripeSubscriptionId;

	private final String stripeCustomerId;

	private @Nullable String email;

	private @Nullable String tier;

	private String status;

	private @Nullable String priceId;

	private @Nullable Instant currentPeriodStart;

	private @Nullable Instant currentPeriodEnd;

	private boolean cancelAtPeriodEnd;

	private @Nullable Instant stateCreated;

	private String stateSource;

	private @Nullable Instant pastDueSince;

	private @Nullable String lastEventId;

	private @Nullable Long priceAmount;

	private @Nullable String priceCurrency;

	private @Nullable String priceInterval;

	private @Nullable Integer priceIntervalCount;

	private @Nullable Instant startedAt;

	private @Nullable Instant canceledAt;

	private @Nullable Instant endedAt;

	private final Instant createdAt;

	private Instant updatedAt;

	// Written on its own from the items (SubscriptionRepository.useExtraMessages).
	private final long extraMessages;

	// Set with updatedAt by every change, so an unchanged subscription is not written
	// back and notifies no instance.
	private boolean changed;

	Subscription(long id, String stripeSubscriptionId, String stripeCustomerId, @Nullable String email,
			@Nullable String tier, String status, @Nullable String priceId, @Nullable Instant currentPeriodStart,
			@Nullable Instant currentPeriodEnd, boolean cancelAtPeriodEnd, @Nullable Instant stateCreated,
			String stateSource, @Nullable Instant pastDueSince, @Nullable String lastEventId,
			@Nullable Long priceAmount, @Nullable String priceCurrency, @Nullable String priceInterval,
			@Nullable Integer priceIntervalCount, @Nullable Instant startedAt, @Nullable Instant canceledAt,
			@Nullable Instant endedAt, Instant createdAt, Instant updatedAt, long extraMessages) {
		this.id = id;
		this.stripeSubscriptionId = stripeSubscriptionId;
		this.stripeCustomerId = stripeCustomerId;
		this.email = email;
		this.tier = tier;
		this.status = status;
		this.priceId = priceId;
		this.currentPeriodStart = currentPeriodStart;
		this.currentPeriodEnd = currentPeriodEnd;
		this.cancelAtPeriodEnd = cancelAtPeriodEnd;
		this.stateCreated = stateCreated;
		this.stateSource = stateSource;
		this.pastDueSince = pastDueSince;
		this.lastEventId = lastEventId;
		this.priceAmount = priceAmount;
		this.priceCurrency = priceCurrency;
		this.priceInterval = priceInterval;
		this.priceIntervalCount = priceIntervalCount;
		this.startedAt = startedAt;
		this.canceledAt = canceledAt;
		this.endedAt = endedAt;
		this.createdAt = createdAt;
		this.updatedAt = updatedAt;
		this.extraMessages = extraMessages;
	}

	/**
	 * Applies a full snapshot when it is newer than the stored one; a terminal status
	 * ({@code canceled}, {@code incomplete_expired}) is never left, as Stripe never
	 * leaves it.
	 * @return how the snapshot stood against the stored one
	 */
	Precedence apply(SubscriptionSnapshot snapshot, @Nullable String priceId, @Nullable String tier, StateOrder order,
			String source, Instant now) {
		Precedence precedence = order.against(storedOrder());
		if (precedence == Precedence.UNDECIDED && source.equals(this.lastEventId)) {
			// The same event again (a replay): it wrote what is stored.
			precedence = Precedence.OLDER;
		}
		boolean applied = false;
		if (precedence == Precedence.NEWER) {
			this.priceId = priceId;
			this.tier = tier;
			this.currentPeriodStart = snapshot.currentPeriodStart();
			this.currentPeriodEnd = snapshot.currentPeriodEnd();
			this.cancelAtPeriodEnd = snapshot.cancelAtPeriodEnd();
			// A read answered with a clock behind the stored event's must not let that
			// event's older siblings in again.
			this.stateCreated = (this.stateCreated != null && this.stateCreated.isAfter(order.created()))
					? this.stateCreated : order.created();
			this.stateSource = order.source().column();
			usePrice(snapshot.prices().stream().filter(price -> price.priceId().equals(priceId)).findFirst());
			this.startedAt = (snapshot.startedAt() != null) ? snapshot.startedAt()
					: ((this.startedAt != null) ? this.startedAt : now);
			this.canceledAt = snapshot.canceledAt();
			this.endedAt = snapshot.endedAt();
			applied = true;
		}
		boolean terminal = SubscriptionStatus.of(this.status).map(SubscriptionStatus::isTerminal).orElse(false);
		SubscriptionStatus shown = SubscriptionStatus.of(snapshot.status()).orElseThrow();
		if (precedence == Precedence.NEWER && !terminal) {
			setStatus(shown, order.created());
		}
		else if (shown == SubscriptionStatus.PAST_DUE && this.pastDueSince != null
				&& order.created().isBefore(this.pastDueSince)) {
			// A late snapshot of the same past_due spell shows when it really began.
			this.pastDueSince = order.created();
			applied = true;
		}
		if (precedence == Precedence.NEWER && this.endedAt == null
				&& SubscriptionStatus.of(this.status).map(SubscriptionStatus::isTerminal).orElse(false)) {
			// Stripe's deletion event may omit ended_at; the event's time is when XSEN
			// learned of the end.
			this.endedAt = order.created();
		}
		if (applied) {
			this.lastEventId = source;
			changedAt(now);
		}
		return precedence;
	}

	private void usePrice(Optional<SubscriptionPrice> price) {
		this.priceAmount = price.map(SubscriptionPrice::amount).orElse(null);
		this.priceCurrency = price.map(SubscriptionPrice::currency).orElse(null);
		this.priceInterval = price.map(SubscriptionPrice::interval).orElse(null);
		this.priceIntervalCount = price.map(SubscriptionPrice::intervalCount).orElse(null);
	}

	// The grace of past_due counts from the first snapshot that showed it, not from each
	// retry.
	private void setStatus(SubscriptionStatus status, Instant at) {
		if (status == SubscriptionStatus.PAST_DUE) {
			if (!SubscriptionStatus.PAST_DUE.stripeName().equals(this.status) || this.pastDueSince == null) {
				this.pastDueSince = at;
			}
		}
		else {
			this.pastDueSince = null;
		}
		this.status = status.stripeName();
	}

	boolean hasEmail() {
		return this.email != null;
	}

	void useEmail(@Nullable String email, Instant now) {
		if (email != null && !email.equals(this.email)) {
			this.email = email;
			changedAt(now);
		}
	}

	/**
	 * Takes the email Stripe holds for the customer, even none: it overrules what
	 * checkouts and invoices said.
	 */
	void useCustomerEmail(@Nullable String email, Instant now) {
		if (!Objects.equals(email, this.email)) {
			this.email = email;
			changedAt(now);
		}
	}

	private void changedAt(Instant now) {
		this.updatedAt = now;
		this.changed = true;
	}

	/** Whether anything changed since the subscription was read. */
	boolean isChanged() {
		return this.changed;
	}

	@Nullable StateOrder storedOrder() {
		return (this.stateCreated != null)
				? StateOrder.stored(this.stateCreated, StateOrder.Source.ofColumn(this.stateSource), this.updatedAt)
				: null;
	}

	/**
	 * The stored price, {@code null} when Stripe's snapshot did not carry it.
	 */
	@Nullable SubscriptionPrice price() {
		return (this.priceId != null && (this.priceAmount != null || this.priceInterval != null))
				? new SubscriptionPrice(this.priceId, this.priceAmount, this.priceCurrency, this.priceInterval,
						(this.priceIntervalCount != null) ? this.priceIntervalCount : 1)
				: null;
	}

	long getId() {
		return this.id;
	}

	String getStripeSubscriptionId() {
		return this.stripeSubscriptionId;
	}

	String getStripeCustomerId() {
		return this.stripeCustomerId;
	}

	@Nullable String getEmail() {
		return this.email;
	}

	@Nullable String getTier() {
		return this.tier;
	}

	String getStatus() {
		return this.status;
	}

	@Nullable String getPriceId() {
		return this.priceId;
	}

	@Nullable Instant getCurrentPeriodStart() {
		return this.currentPeriodStart;
	}

	@Nullable Instant getCurrentPeriodEnd() {
		return this.currentPeriodEnd;
	}

	boolean isCancelAtPeriodEnd() {
		return this.cancelAtPeriodEnd;
	}

	@Nullable Instant getStateCreated() {
		return this.stateCreated;
	}

	String getStateSource() {
		return this.stateSource;
	}

	/** When the subscription entered {@code past_due}, while it is there. */
	@Nullable Instant getPastDueSince() {
		return this.pastDueSince;
	}

	@Nullable String getLastEventId() {
		return this.lastEventId;
	}

	@Nullable Long getPriceAmount() {
		return this.priceAmount;
	}

	@Nullable String getPriceCurrency() {
		return this.priceCurrency;
	}

	@Nullable String getPriceInterval() {
		return this.priceInterval;
	}

	@Nullable Integer getPriceIntervalCount() {
		return this.priceIntervalCount;
	}

	@Nullable Instant getStartedAt() {
		return this.startedAt;
	}

	@Nullable Instant getCanceledAt() {
		return this.canceledAt;
	}

	@Nullable Instant getEndedAt() {
		return this.endedAt;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

	/** Messages the subscription's add-ons add to its period quota. */
	long getExtraMessages() {
		return this.extraMessages;
	}

}
