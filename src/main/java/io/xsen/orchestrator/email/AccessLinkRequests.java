package io.xsen.orchestrator.email;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.xsen.orchestrator.subscription.CustomerSubscription;
import io.xsen.orchestrator.subscription.SubscriptionAccess;
import io.xsen.orchestrator.subscription.SubscriptionLedger;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues an {@code access_link} email for each customer whose subscription grants access,
 * asked for by email address (the customer) or by customer id (the operator console), and
 * nothing for anyone else.
 */
@Service
public class AccessLinkRequests {

	private final SubscriptionLedger ledger;

	private final SubscriptionAccess access;

	private final EmailOutbox outbox;

	AccessLinkRequests(SubscriptionLedger ledger, SubscriptionAccess access, EmailOutbox outbox) {
		this.ledger = ledger;
		this.access = access;
		this.outbox = outbox;
	}

	@Transactional
	void request(String email) {
		// One person may be several Stripe customers, each with a token of their own.
		Map<String, List<CustomerSubscription>> byCustomer = this.ledger.findByEmail(email)
			.stream()
			.collect(Collectors.groupingBy(CustomerSubscription::customerId));
		for (List<CustomerSubscription> subscriptions : byCustomer.values()) {
			queue(subscriptions);
		}
	}

	/**
	 * Queues an access link for the customer when their subscription grants access and
	 * has an email address.
	 * @return whether an email was queued
	 */
	@Transactional
	public boolean requestFor(String customerId) {
		return queue(this.ledger.findByCustomer(customerId));
	}

	private boolean queue(List<CustomerSubscription> subscriptions) {
		CustomerSubscription best = this.access.best(subscriptions);
		if (best == null || !this.access.grants(best)) {
			return false;
		}
		// Each request is an event of its own; the rate limit bounds the customer's.
		return this.outbox.enqueue(EmailKind.ACCESS_LINK, best,
				EmailOutbox.key(EmailKind.ACCESS_LINK, best.subscriptionId(), UUID.randomUUID()),
				Map.of("tier", String.valueOf(best.tier())));
	}

}
