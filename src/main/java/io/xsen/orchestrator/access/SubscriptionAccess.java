package io.xsen.orchestrator.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Decides whether a subscription's status grants API access: {@code active} and
 * {@code trialing} do, {@code past_due} only within the configured grace, nothing else.
 */
@Component
class SubscriptionAccess {

	private final Duration pastDueGrace;

	private final Clock clock;

	SubscriptionAccess(AccessProperties properties, Clock clock) {
		this.pastDueGrace = properties.pastDueGrace();
		this.clock = clock;
	}

	/**
	 * @param status the subscription's status, {@code null} when the customer has none
	 * @param statusSince when Stripe moved the subscription into that status
	 */
	boolean grants(@Nullable String status, @Nullable Instant statusSince) {
		if ("active".equals(status) || "trialing".equals(status)) {
			return true;
		}
		return "past_due".equals(status) && statusSince != null && !this.pastDueGrace.isZero()
				&& this.clock.instant().isBefore(statusSince.plus(this.pastDueGrace));
	}

}
