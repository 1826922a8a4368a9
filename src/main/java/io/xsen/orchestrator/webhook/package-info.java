/**
 * Stripe webhook delivery: signature verification, the durable event inbox, and applying
 * each event exactly once.
 */
@NullMarked
package io.xsen.orchestrator.webhook;

import org.jspecify.annotations.NullMarked;
