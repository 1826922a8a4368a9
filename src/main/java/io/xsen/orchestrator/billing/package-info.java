/**
 * Calls to the Stripe API and the reading of Stripe's JSON objects in every API version
 * we accept.
 */
@NullMarked
package io.xsen.orchestrator.billing;

import org.jspecify.annotations.NullMarked;
