/**
 * Selling plans from the chat: checkout links for the catalog's prices, the welcome page
 * Stripe Checkout returns to (which reveals the first token), and plan changes through
 * Stripe's billing portal. Money moves in Stripe only; XSEN never takes card details.
 */
@NullMarked
package io.xsen.orchestrator.checkout;

import org.jspecify.annotations.NullMarked;
