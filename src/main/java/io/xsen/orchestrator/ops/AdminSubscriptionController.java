package io.xsen.orchestrator.ops;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xsen.orchestrator.ParameterInvalid;
import io.xsen.orchestrator.ProblemException;
import io.xsen.orchestrator.billing.StripeOutageDetail;
import io.xsen.orchestrator.billing.StripeIds;
import io.xsen.orchestrator.billing.StripeObjectUnreadable;
import io.xsen.orchestrator.billing.StripeRequestRejected;
import io.xsen.orchestrator.subscription.CustomerNotFound;
import io.xsen.orchestrator.subscription.CustomerSubscription;
import io.xsen.orchestrator.subscription.SubscriptionLedger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets support look up what XSEN holds for a customer and repair it from the Stripe API;
 * the admin key guards every endpoint.
 */
@Tag(name = "Subscriptions")
@RestController
@StripeOutageDetail("The Stripe API could not be reached; sync again later")
class AdminSubscriptionController {

	private static final Logger logger = LoggerFactory.getLogger(AdminSubscriptionController.class);

	private static final int MAX_EMAIL_LENGTH = 320;

	private final SubscriptionLedger ledger;

	private final CustomerSync sync;

	AdminSubscriptionController(SubscriptionLedger ledger, CustomerSync sync) {
		this.ledger = ledger;
		this.sync = sync;
	}

	@Operation(operationId = "findSubscriptionsByEmail", summary = "Find the subscriptions held for an email address")
	@GetMapping("/admin/subscriptions")
	SubscriptionList byEmail(@RequestParam String email) {
		if (email.isBlank()) {
			throw new ParameterInvalid("email", "email must not be blank");
		}
		if (email.length() > MAX_EMAIL_LENGTH || email.chars().anyMatch(Character::isISOControl)) {
			throw new ParameterInvalid("email", "email must be an address of at most " + MAX_EMAIL_LENGTH
					+ " characters without control characters");
		}
		return SubscriptionList.of(this.ledger.findByEmail(email.trim()));
	}

	@Operation(operationId = "getCustomerSubscriptions", summary = "Read a customer's subscriptions")
	@GetMapping("/admin/subscriptions/{customerId}")
	CustomerSubscriptions byCustomer(@PathVariable String customerId) {
		requireCustomerId(customerId);
		List<CustomerSubscription> subscriptions = this.ledger.findByCustomer(customerId);
		if (subscriptions.isEmpty()) {
			throw new CustomerNotFound(customerId);
		}
		return CustomerSubscriptions.of(customerId, subscriptions);
	}

	@Operation(operationId = "syncCustomer", summary = "Repair a customer's subscriptions from the Stripe API")
	@PostMapping("/admin/customers/{customerId}/sync")
	CustomerSubscriptions sync(@PathVariable String customerId) {
		requireCustomerId(customerId);
		return CustomerSubscriptions.of(customerId, this.sync.sync(customerId));
	}

	private static void requireCustomerId(String customerId) {
		if (!StripeIds.isWellFormed(customerId)) {
			throw new ParameterInvalid("customerId", "customerId must be a Stripe customer id (cus_...)");
		}
	}

	// Ahead of Spring Boot's generic answer, so a missing email names its parameter.
	@ExceptionHandler
	ErrorResponse parameterMissing(MissingServletRequestParameterException ex) {
		return new ParameterInvalid(ex.getParameterName(), ex.getParameterName() + " is required");
	}

	@ExceptionHandler
	ErrorResponse stripeRejected(StripeRequestRejected ex) {
		logger.warn("Stripe refused a sync", ex);
		if (ex.statusCode() == HttpStatus.NOT_FOUND.value()) {
			return new ProblemException(HttpStatus.NOT_FOUND, "customer_not_found", "Stripe knows no such customer",
					ex);
		}
		return new ProblemException(HttpStatus.BAD_GATEWAY, "stripe_error",
				"Stripe refused the request: " + ex.getMessage(), ex);
	}

	@ExceptionHandler
	ErrorResponse stripeUnreadable(StripeObjectUnreadable ex) {
		logger.warn("Stripe answered a sync with something unreadable", ex);
		return new ProblemException(HttpStatus.BAD_GATEWAY, "stripe_error", ex.getMessage(), ex);
	}

	/**
	 * Subscriptions found by email; one person may be several Stripe customers.
	 */
	record SubscriptionList(List<SubscriptionView> subscriptions) {

		static SubscriptionList of(List<CustomerSubscription> subscriptions) {
			return new SubscriptionList(subscriptions.stream().map(SubscriptionView::of).toList());
		}

	}

	/**
	 * One customer's subscriptions, newest first.
	 */
	record CustomerSubscriptions(String customerId, List<SubscriptionView> subscriptions) {

		static CustomerSubscriptions of(String customerId, List<CustomerSubscription> subscriptions) {
			return new CustomerSubscriptions(customerId, subscriptions.stream().map(SubscriptionView::of).toList());
		}

	}

	/**
	 * A stored subscription as support reads it.
	 */
	record SubscriptionView(String subscriptionId, String customerId, @Nullable String email, @Nullable String tier,
			String status, @Nullable String priceId, @Nullable Instant currentPeriodEnd, boolean cancelAtPeriodEnd,
			Instant createdAt, Instant updatedAt) {

		static SubscriptionView of(CustomerSubscription subscription) {
			return new SubscriptionView(subscription.subscriptionId(), subscription.customerId(), subscription.email(),
					subscription.tier(), subscription.status(), subscription.priceId(), subscription.currentPeriodEnd(),
					subscription.cancelAtPeriodEnd(), subscription.createdAt(), subscription.updatedAt());
		}

	}

}
