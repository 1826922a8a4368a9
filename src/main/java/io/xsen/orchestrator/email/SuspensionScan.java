package io.xsen.orchestrator.email;

import java.time.Clock;
import java.time.Instant;

import io.xsen.orchestrator.subscription.CustomerSubscription;
import io.xsen.orchestrator.subscription.SubscriptionAccess;
import io.xsen.orchestrator.subscription.SubscriptionLedger;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues the {@code suspended} email for subscriptions whose {@code past_due} grace ran
 * out, which no webhook announces; every instance may scan, the outbox's key keeps it one
 * email.
 */
@Component
class SuspensionScan {

	private final SubscriptionLedger ledger;

	private final SubscriptionAccess access;

	private final EmailOutbox outbox;

	private final Clock clock;

	SuspensionScan(SubscriptionLedger ledger, SubscriptionAccess access, EmailOutbox outbox, Clock clock) {
		this.ledger = ledger;
		this.access = access;
		this.outbox = outbox;
		this.clock = clock;
	}

	@Transactional
	void run() {
		Instant graceStartedBefore = this.clock.instant().minus(this.access.pastDueGrace());
		for (CustomerSubscription subscription : this.ledger.findPastDueSince(graceStartedBefore)) {
			SubscriptionEmails.suspended(this.outbox, subscription);
		}
	}

}
