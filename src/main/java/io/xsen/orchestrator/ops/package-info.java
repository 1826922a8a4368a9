/**
 * Operator-facing endpoints: health, subscription lookup and repair from Stripe, and the
 * API description.
 */
@NullMarked
package io.xsen.orchestrator.ops;

import org.jspecify.annotations.NullMarked;
