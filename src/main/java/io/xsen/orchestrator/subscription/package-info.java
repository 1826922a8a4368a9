/**
 * Subscription state per Stripe subscription, the tier catalog, and the ordering rules
 * that keep it equal to Stripe's latest state.
 */
@NullMarked
package io.xsen.orchestrator.subscription;

import org.jspecify.annotations.NullMarked;
