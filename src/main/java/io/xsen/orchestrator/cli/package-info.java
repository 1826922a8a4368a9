/**
 * Operator commands run from the same jar as the service: {@code migrate} and
 * {@code setup}. Nothing else depends on this package.
 */
@NullMarked
package io.xsen.orchestrator.cli;

import org.jspecify.annotations.NullMarked;
