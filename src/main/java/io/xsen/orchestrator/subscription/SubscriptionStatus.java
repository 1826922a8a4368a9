package io.xsen.orchestrator.subscription;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A Stripe subscription status and the one rule of which statuses grant API access:
 * {@code active} and {@code trialing} do, {@code past_due} only within the grace counted
 * from when payment first failed, nothing else ({@code incomplete} waits for its first
 * payment, {@code paused} for a payment method).
 */
enum SubscriptionStatus {

	INCOMPLETE, INCOMPLETE_EXPIRED, TRIALING, ACTIVE, PAST_DUE, CANCELED, UNPAID, PAUSED;

	static Optional<SubscriptionStatus> of(@Nullable String stripeName) {
		return Arrays.stream(values()).filter(status -> status.stripeName().equals(stripeName)).findFirst();
	}

	String stripeName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether a subscription in this status grants access at {@code now}.
	 * @param pastDueSince when the subscription entered {@code past_due}
	 * @param pastDueGrace how long {@code past_due} keeps access
	 */
	boolean grantsAccess(@Nullable Instant pastDueSince, Duration pastDueGrace, Instant now) {
		return switch (this) {
			case ACTIVE, TRIALING -> true;
			case PAST_DUE -> pastDueSince != null && now.isBefore(pastDueSince.plus(pastDueGrace));
			default -> false;
		};
	}

	/**
	 * Whether the customer paid for the current period, or Stripe is still retrying the
	 * payment: the period a customer's token follows.
	 */
	boolean coversPeriod() {
		return this == ACTIVE || this == TRIALING || this == PAST_DUE;
	}

	/** Stripe never moves a subscription out of these. */
	boolean isTerminal() {
		return this == CANCELED || this == INCOMPLETE_EXPIRED;
	}

}
