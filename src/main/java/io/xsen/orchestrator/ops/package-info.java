/**
 * Operator-facing endpoints: health and liveness.
 */
@NullMarked
package io.xsen.orchestrator.ops;

import org.jspecify.annotations.NullMarked;
