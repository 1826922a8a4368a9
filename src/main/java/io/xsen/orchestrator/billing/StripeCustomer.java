package io.xsen.orchestrator.billing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The part of a Stripe customer that matters to XSEN: its id and the email Stripe holds
 * for it.
 *
 * @param saysEmail whether the object says what the customer's email is: false when it
 * leaves the field out or holds something that is not an address, which tells nothing
 * @param email the customer's address, {@code null} when the customer has none or the
 * object does not say
 */
public record StripeCustomer(String id, boolean saysEmail, @Nullable String email) {

	CustomerRead readAt(Instant readAt) {
		return new CustomerRead(this.id, this.saysEmail, this.email, readAt);
	}

}
