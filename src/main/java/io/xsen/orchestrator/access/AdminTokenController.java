package io.xsen.orchestrator.access;

import java.util.List;
import java.util.Set;

import io.xsen.orchestrator.billing.StripeIds;
import io.xsen.orchestrator.subscription.Subscription;
import io.xsen.orchestrator.subscription.SubscriptionLedger;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets support issue a new token to a customer who lost theirs; the old one stops
 * working.
 */
@RestController
class AdminTokenController {

	private static final Set<String> ACCESS_STATUSES = Set.of("active", "trialing");

	private final SubscriptionLedger ledger;

	private final CustomerTokens tokens;

	AdminTokenController(SubscriptionLedger ledger, CustomerTokens tokens) {
		this.ledger = ledger;
		this.tokens = tokens;
	}

	@PostMapping("/admin/customers/{customerId}/tokens")
	@ResponseStatus(HttpStatus.CREATED)
	TokenResponse issue(@PathVariable String customerId) {
		if (!StripeIds.isWellFormed(customerId)) {
			throw new CustomerIdMalformed();
		}
		List<Subscription> subscriptions = this.ledger.findByCustomer(customerId);
		if (subscriptions.isEmpty()) {
			throw new CustomerNotFound("XSEN holds no subscription for customer " + customerId);
		}
		Subscription current = subscriptions.stream()
			.filter(subscription -> ACCESS_STATUSES.contains(subscription.getStatus()))
			.findFirst()
			.orElse(subscriptions.get(0));
		return TokenResponse.of(this.tokens.issue(customerId, TokenChannel.ADMIN), current.getTier());
	}

}
