package io.xsen.orchestrator.ops;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.xsen.orchestrator.billing.StripeBilling;
import io.xsen.orchestrator.subscription.StateOrder;
import io.xsen.orchestrator.subscription.Subscription;
import io.xsen.orchestrator.subscription.SubscriptionLedger;
import io.xsen.orchestrator.subscription.SubscriptionSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings a customer's subscriptions in from the Stripe API, repairing what a missed or
 * failed webhook left behind.
 *
 * <p>
 * The read is Stripe's state as of the second it started, so it is stored as an event
 * from that second ranked before any real one: events created earlier become stale,
 * events from that second on still apply.
 */
@Service
class CustomerSync {

	private static final Logger logger = LoggerFactory.getLogger(CustomerSync.class);

	private static final int BEFORE_ANY_EVENT = -1;

	private final StripeBilling billing;

	private final SubscriptionLedger ledger;

	private final TransactionTemplate transactions;

	private final Clock clock;

	CustomerSync(StripeBilling billing, SubscriptionLedger ledger, PlatformTransactionManager transactionManager,
			Clock clock) {
		this.billing = billing;
		this.ledger = ledger;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/**
	 * Stores every subscription Stripe holds for the customer, then returns what XSEN
	 * holds for them.
	 */
	List<Subscription> sync(String customerId) {
		Instant readStarted = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		// Stripe is called outside the transaction, so no connection waits on the
		// network.
		List<SubscriptionSnapshot> snapshots = this.billing.listSubscriptions(customerId);
		StateOrder order = new StateOrder(readStarted, BEFORE_ANY_EVENT);
		String source = "sync_" + readStarted.getEpochSecond();
		Integer changed = this.transactions.execute(status -> {
			int count = 0;
			for (SubscriptionSnapshot snapshot : snapshots) {
				count += this.ledger.recordSnapshot(snapshot, order, null, source) ? 1 : 0;
			}
			return count;
		});
		logger.info("Operator synced customer {} from Stripe: {} subscriptions read, {} changed", customerId,
				snapshots.size(), changed);
		return this.ledger.findByCustomer(customerId);
	}

}
