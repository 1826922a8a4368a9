package io.xsen.orchestrator.subscription;

import org.jspecify.annotations.Nullable;

/**
 * Where the stored snapshot of a subscription stands, and the event or read that wrote it
 * last.
 */
public record StoredState(StateOrder order, @Nullable String lastSource) {
}
