package io.xsen.orchestrator.usage;

import io.xsen.orchestrator.ParameterInvalid;
import io.xsen.orchestrator.billing.StripeIds;
import io.xsen.orchestrator.security.ApiCustomer;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells a customer how much of the billing period's quota is used, and support the same
 * with the customer's earlier periods; neither request is metered.
 */
@RestController
class UsageController {

	private final UsageReports reports;

	UsageController(UsageReports reports) {
		this.reports = reports;
	}

	@GetMapping("/api/usage")
	UsageReports.Usage usage(@AuthenticationPrincipal ApiCustomer customer) {
		return this.reports.usage(String.valueOf(customer.subscriptionId()), customer.customerId(), customer.tier(),
				customer.currentPeriodStart(), customer.currentPeriodEnd());
	}

	@GetMapping("/admin/customers/{customer_id}/usage")
	UsageReports.CustomerUsage customerUsage(@PathVariable("customer_id") String customerId) {
		if (!StripeIds.isWellFormed(customerId)) {
			throw new ParameterInvalid("customer_id", "customer_id must be a Stripe customer id (cus_...)");
		}
		return this.reports.customerUsage(customerId);
	}

}
