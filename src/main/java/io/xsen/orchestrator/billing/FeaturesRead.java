package io.xsen.orchestrator.billing;

import java.time.Instant;
import java.util.List;

/**
 * A customer's active entitlements as the Stripe API listed them: the features' lookup
 * keys, and the second Stripe answered.
 */
public record FeaturesRead(List<String> lookupKeys, Instant readAt) {
}
