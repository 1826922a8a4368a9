package io.xsen.orchestrator.api;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xsen.orchestrator.billing.StripeBilling;
import io.xsen.orchestrator.security.ApiCustomer;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API chatbots call with their token; which tier each endpoint needs is set in the
 * security chain.
 */
@RestController
class CustomerApiController {

	private final StripeBilling billing;

	private final AccessProperties properties;

	CustomerApiController(StripeBilling billing, AccessProperties properties) {
		this.billing = billing;
		this.properties = properties;
	}

	@Operation(operationId = "getSubscription",
			summary = "Read the caller's subscription: tier, status, period end and token expiry")
	@Tag(name = "Subscription")
	@GetMapping("/api/subscription")
	SubscriptionView subscription(@AuthenticationPrincipal ApiCustomer customer) {
		return new SubscriptionView(customer.customerId(), customer.email(), customer.tier(), customer.status(),
				customer.currentPeriodEnd(), customer.cancelAtPeriodEnd(), customer.tokenExpiresAt());
	}

	@Operation(operationId = "chat", summary = "Send a chat message (basic tier or higher; metered)")
	@Tag(name = "Chat")
	@GetMapping("/api/chat")
	ChatReply chat(@AuthenticationPrincipal ApiCustomer customer) {
		return new ChatReply("XSEN chat is ready.", customer.tier());
	}

	@Operation(operationId = "premiumChat", summary = "Send a premium chat message (premium tier; metered)")
	@Tag(name = "Chat")
	@GetMapping("/api/chat/premium")
	ChatReply premiumChat(@AuthenticationPrincipal ApiCustomer customer) {
		return new ChatReply("XSEN premium chat is ready.", customer.tier());
	}

	@Operation(operationId = "createPortalSession",
			summary = "Open Stripe's billing portal for the caller's subscription")
	@Tag(name = "Subscription")
	@PostMapping("/api/create-portal-session")
	PortalSession createPortalSession(@AuthenticationPrincipal ApiCustomer customer) {
		return new PortalSession(
				this.billing.createPortalSession(customer.customerId(), this.properties.portalReturnUrlOrDefault()));
	}

	// Named apart from the operator API's SubscriptionView, which has other fields.
	@Schema(name = "Subscription")
	record SubscriptionView(String customerId, @Nullable String email, @Nullable String tier, @Nullable String status,
			@Nullable Instant currentPeriodEnd, boolean cancelAtPeriodEnd, Instant tokenExpiresAt) {
	}

	record ChatReply(String message, @Nullable String tier) {
	}

	record PortalSession(String url) {
	}

}
