package io.xsen.orchestrator.usage;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Usage")
@RestController
class UsageController {

	private final UsageReports reports;

	UsageController(UsageReports reports) {
		this.reports = reports;
	}

	@Operation(operationId = "getUsage", summary = "Read how much of the billing period's quota the caller used")
	@GetMapping("/api/usage")
	UsageReports.Usage usage(@AuthenticationPrincipal ApiCustomer customer) {
		return this.reports.usage(String.valueOf(customer.subscriptionId()), customer.customerId(), customer.tier(),
				customer.extraMessages(), customer.currentPeriodStart(), customer.currentPeriodEnd());
	}

	@Operation(operationId = "getCustomerUsage", summary = "Read a customer's usage this period and in earlier periods")
	@GetMapping("/admin/customers/{customer_id}/usage")
	UsageReports.CustomerUsage customerUsage(@PathVariable("customer_id") String customerId) {
		if (!StripeIds.isWellFormed(customerId)) {
			throw new ParameterInvalid("customer_id", "customer_id must be a Stripe customer id (cus_...)");
		}
		return this.reports.customerUsage(customerId);
	}

}
