package io.xsen.orchestrator.webhook;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records each verified event and applies it exactly once, in one transaction with its
 * effect.
 *
 * <p>
 * The inbox row and the subscription change commit together, so a delivery is answered
 * 2xx only once both are durable; if anything fails, both roll back, the failed attempt
 * is noted, and Stripe's retry starts clean. An operator's replay goes the same way.
 */
@Component
class EventIngestion {

	private static final Logger logger = LoggerFactory.getLogger(EventIngestion.class);

	private static final int MAX_ERROR_LENGTH = 2000;

	// Longer than a Stripe read normally takes; a copy that waits longer asks Stripe
	// itself (its owner may have died).
	private static final Duration OTHER_COPY_WAIT = Duration.ofSeconds(10);

	private static final Duration OTHER_COPY_POLL = Duration.ofMillis(50);

	private final StripeEventRepository events;

	private final StripeEventApplier applier;

	private final StripeEventReader reader;

	private final TransactionTemplate transactions;

	EventIngestion(StripeEventRepository events, StripeEventApplier applier, StripeEventReader reader,
			PlatformTransactionManager transactionManager) {
		this.events = events;
		this.applier = applier;
		this.reader = reader;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	WebhookOutcome receive(VerifiedEvent event) {
		if ("processed".equals(this.events.findStatus(event.id()))) {
			return WebhookOutcome.DUPLICATE;
		}
		IgnoredReason ignoredBecause = this.applier.notAppliedBecause(event);
		if (ignoredBecause != null) {
			logger.info("Stripe event {} recorded, not applied: {}: {}", event.id(), ignoredBecause.code(),
					ignoredBecause.meaning());
			// 0 rows: a copy delivered at the same time recorded it first.
			return inOneTransaction(event, () -> (this.events.insertIgnored(event, ignoredBecause.code()) == 1)
					? WebhookOutcome.IGNORED : WebhookOutcome.DUPLICATE);
		}
		StripeEventApplier.ReadAhead ahead = readAhead(event, true);
		return inOneTransaction(event, () -> applyOnce(event, ahead));
	}

	/**
	 * Applies a recorded event again, whatever its status, and marks it processed in the
	 * same transaction. Safe to repeat: the subscription ordering rules make an event
	 * that is no longer the newest change nothing.
	 * @throws StripeEventNotFound when the inbox never recorded the event
	 */
	WebhookOutcome replay(String eventId) {
		String payload = this.events.findPayload(eventId).orElseThrow(() -> new StripeEventNotFound(eventId));
		VerifiedEvent event = this.reader.read(payload);
		IgnoredReason ignoredBecause = this.applier.notAppliedBecause(event);
		StripeEventApplier.ReadAhead ahead = (ignoredBecause != null) ? null : readAhead(event, false);
		return inOneTransaction(event, () -> {
			// A delivery of the same event waits until the replay commits.
			this.events.lockStatus(event.id());
			this.events.markProcessed(event.id(), (ignoredBecause != null) ? ignoredBecause.code() : null);
			return (ignoredBecause != null) ? WebhookOutcome.IGNORED : this.applier.apply(event, ahead);
		});
	}

	// Everything the event does commits together; if anything fails, the attempt is noted
	// and the caller told.
	private WebhookOutcome inOneTransaction(VerifiedEvent event, Supplier<WebhookOutcome> work) {
		try {
			return this.transactions.execute(status -> work.get());
		}
		catch (RuntimeException ex) {
			recordFailure(event, ex);
			throw ex;
		}
	}

	// Stripe is asked before the transaction opens, so no connection or row lock waits
	// on it; a failure is noted like any other.
	private StripeEventApplier.@Nullable ReadAhead readAhead(VerifiedEvent event, boolean delivery) {
		try {
			Supplier<StripeEventApplier.ReadAhead> read = this.applier.stripeReadFor(event);
			if (read == null || (delivery && !claimedHere(event))) {
				return null;
			}
			return read.get();
		}
		catch (RuntimeException ex) {
			recordFailure(event, ex);
			throw ex;
		}
	}

	// Whether this delivery should ask Stripe: it recorded the event as pending, or the
	// copy that did has not finished in time. False when that copy applied it meanwhile.
	private boolean claimedHere(VerifiedEvent event) {
		Integer inserted = this.transactions.execute(status -> this.events.insertPending(event));
		if (inserted != null && inserted == 1) {
			return true;
		}
		long deadline = System.nanoTime() + OTHER_COPY_WAIT.toNanos();
		String status = this.events.findStatus(event.id());
		while ("pending".equals(status) && System.nanoTime() < deadline) {
			pause();
			status = this.events.findStatus(event.id());
		}
		return !"processed".equals(status);
	}

	private static void pause() {
		try {
			Thread.sleep(OTHER_COPY_POLL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while another copy of the event was applied", ex);
		}
	}

	// receive() answered the common redelivery already; a copy racing this one waits on
	// the insert and finds the event processed.
	private WebhookOutcome applyOnce(VerifiedEvent event, StripeEventApplier.@Nullable ReadAhead ahead) {
		boolean firstDelivery = this.events.insertProcessed(event) == 1;
		if (!firstDelivery) {
			// Known already: applied before, or kept as failed by an earlier attempt that
			// this one may finish.
			if ("processed".equals(this.events.lockStatus(event.id()))) {
				return WebhookOutcome.DUPLICATE;
			}
			this.events.markProcessed(event.id(), null);
		}
		return this.applier.apply(event, ahead);
	}

	private void recordFailure(VerifiedEvent event, RuntimeException cause) {
		String error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
		try {
			this.transactions.executeWithoutResult(status -> this.events.recordFailure(event,
					error.substring(0, Math.min(error.length(), MAX_ERROR_LENGTH))));
		}
		catch (RuntimeException ex) {
			// The database is likely what failed; Stripe's retry will bring the event
			// again.
			logger.warn("Could not record failed attempt of event {}: {}", event.id(), ex.getMessage());
		}
	}

}
