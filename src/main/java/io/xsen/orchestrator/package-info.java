/**
 * XSEN Orchestrator: turns Stripe subscriptions into bearer-token API access for
 * chatbots.
 */
@NullMarked
package io.xsen.orchestrator;

import org.jspecify.annotations.NullMarked;
