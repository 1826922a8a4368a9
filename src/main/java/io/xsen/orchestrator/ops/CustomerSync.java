package io.xsen.orchestrator.ops;

import java.time.Clock;
import java.util.List;

import io.xsen.orchestrator.billing.CatalogReads;
import io.xsen.orchestrator.billing.StripeBilling;
import io.xsen.orchestrator.billing.SubscriptionRead;
import io.xsen.orchestrator.subscription.CustomerSubscription;
import io.xsen.orchestrator.subscription.StateOrder;
import io.xsen.orchestrator.subscription.StateOrder.Precedence;
import io.xsen.orchestrator.subscription.SubscriptionLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings a customer's subscriptions and email in from the Stripe API, repairing what a
 * missed or failed webhook left behind.
 *
 * <p>
 * The read is Stripe's state as of the second Stripe answered: events created earlier
 * become stale, a later event still applies, and one of that same second asks Stripe
 * again.
 */
@Service
public class CustomerSync {

	private static final Logger logger = LoggerFactory.getLogger(CustomerSync.class);

	private final StripeBilling billing;

	private final CatalogReads catalogReads;

	private final SubscriptionLedger ledger;

	private final TransactionTemplate transactions;

	private final Clock clock;

	CustomerSync(StripeBilling billing, CatalogReads catalogReads, SubscriptionLedger ledger,
			PlatformTransactionManager transactionManager, Clock clock) {
		this.billing = billing;
		this.catalogReads = catalogReads;
		this.ledger = ledger;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/**
	 * Stores every subscription Stripe holds for the customer, then returns what XSEN
	 * holds for them.
	 */
	public List<CustomerSubscription> sync(String customerId) {
		StateOrder emailBefore = this.ledger.storedCustomerEmailOrder(customerId).orElse(null);
		// Stripe is called outside the transaction, so no connection waits on the
		// network.
		List<SubscriptionRead> reads = this.billing.listSubscriptions(customerId);
		reads.forEach(read -> this.catalogReads.keepUnknownPrices(read.snapshot()));
		String source = "sync_" + this.clock.instant().getEpochSecond();
		Integer changed = this.transactions.execute(status -> {
			int count = 0;
			for (SubscriptionRead read : reads) {
				Precedence precedence = this.ledger.record(read.snapshot(), StateOrder.stripeRead(read.readAt()), null,
						source);
				count += (precedence == Precedence.NEWER) ? 1 : 0;
			}
			return count;
		});
		// In a transaction of its own, after the subscriptions: they all take it.
		reads.stream()
			.map(SubscriptionRead::customer)
			.filter(customer -> customer != null && customer.customerId().equals(customerId) && customer.saysEmail())
			.findFirst()
			.ifPresent(customer -> this.ledger.recordCustomerEmail(customerId, customer.email(),
					StateOrder.stripeReadAfter(customer.readAt(), emailBefore), source));
		this.catalogReads.refreshFeatures(customerId, source);
		logger.info("Operator synced customer {} from Stripe: {} subscriptions read, {} changed", customerId,
				reads.size(), changed);
		return this.ledger.findByCustomer(customerId);
	}

}
