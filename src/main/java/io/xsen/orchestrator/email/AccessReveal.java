package io.xsen.orchestrator.email;

import io.xsen.orchestrator.email.AccessLinks.Link;
import io.xsen.orchestrator.email.AccessLinks.State;
import io.xsen.orchestrator.subscription.CustomerSubscription;
import io.xsen.orchestrator.subscription.SubscriptionAccess;
import io.xsen.orchestrator.subscription.SubscriptionLedger;
import io.xsen.orchestrator.token.CustomerTokens;
import io.xsen.orchestrator.token.IssuedToken;
import io.xsen.orchestrator.token.TokenChannel;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Spends an access code and issues the customer's token in one transaction: the token
 * their previous one gave way to, shown once; a code already spent, expired or replaced
 * issues nothing, and neither does one whose customer has no access now.
 */
@Service
class AccessReveal {

	private final AccessLinks links;

	private final SubscriptionLedger ledger;

	private final SubscriptionAccess access;

	private final CustomerTokens tokens;

	AccessReveal(AccessLinks links, SubscriptionLedger ledger, SubscriptionAccess access, CustomerTokens tokens) {
		this.links = links;
		this.ledger = ledger;
		this.access = access;
		this.tokens = tokens;
	}

	@Transactional
	Outcome reveal(String code) {
		Link link = this.links.find(code, LinkPurpose.ACCESS);
		String customerId = link.customerId();
		if (link.state() != State.VALID || customerId == null) {
			return new Outcome(link.state(), null, null);
		}
		CustomerSubscription subscription = this.access.best(this.ledger.findByCustomer(customerId));
		if (subscription == null || !this.access.grants(subscription)) {
			// Kept for when payment brings access back.
			return new Outcome(State.VALID, null, null);
		}
		if (this.links.spend(code).isEmpty()) {
			// Another request spent it a moment ago.
			return new Outcome(State.USED, null, null);
		}
		return new Outcome(State.USED, this.tokens.issue(customerId, TokenChannel.ACCESS_LINK), subscription.tier());
	}

	/**
	 * What pressing the button did.
	 *
	 * @param state the link's state now
	 * @param token the token issued, {@code null} when none was
	 */
	record Outcome(State state, @Nullable IssuedToken token, @Nullable String tier) {
	}

}
