package io.xsen.orchestrator.token;

import java.time.Instant;
import java.util.List;

import io.xsen.orchestrator.subscription.CustomerSubscription;

/**
 * One token with every subscription of its customer: everything a request's access
 * decision needs, with the time-dependent checks (expiry, grace) left to the moment of
 * the request.
 */
public record TokenRow(long id, String customerId, Instant createdAt, Instant expiresAt, boolean revoked,
		List<CustomerSubscription> subscriptions) {
}
