package io.xsen.orchestrator.api;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xsen.orchestrator.ParameterInvalid;
import io.xsen.orchestrator.billing.StripeIds;
import io.xsen.orchestrator.subscription.CustomerNotFound;
import io.xsen.orchestrator.subscription.CustomerSubscription;
import io.xsen.orchestrator.subscription.SubscriptionAccess;
import io.xsen.orchestrator.subscription.SubscriptionLedger;
import io.xsen.orchestrator.token.CustomerTokens;
import io.xsen.orchestrator.token.TokenChannel;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets support issue a new token to a customer who lost theirs; the old one stops
 * working.
 */
@Tag(name = "Tokens")
@RestController
class AdminTokenController {

	private final SubscriptionLedger ledger;

	private final CustomerTokens tokens;

	private final SubscriptionAccess access;

	AdminTokenController(SubscriptionLedger ledger, CustomerTokens tokens, SubscriptionAccess access) {
		this.ledger = ledger;
		this.tokens = tokens;
		this.access = access;
	}

	@Operation(operationId = "issueCustomerToken",
			summary = "Issue a new token to a customer; the customer's old token stops working")
	@PostMapping("/admin/customers/{customerId}/tokens")
	@ResponseStatus(HttpStatus.CREATED)
	TokenResponse issue(@PathVariable String customerId) {
		if (!StripeIds.isWellFormed(customerId)) {
			throw new ParameterInvalid("customerId", "customerId must be a Stripe customer id (cus_...)");
		}
		List<CustomerSubscription> subscriptions = this.ledger.findByCustomer(customerId);
		if (subscriptions.isEmpty()) {
			throw new CustomerNotFound(customerId);
		}
		CustomerSubscription current = this.access.best(subscriptions);
		return TokenResponse.of(this.tokens.issue(customerId, TokenChannel.ADMIN),
				(current != null) ? current.tier() : null);
	}

}
