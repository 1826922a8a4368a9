package io.xsen.orchestrator.checkout;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xsen.orchestrator.ProblemException;
import io.xsen.orchestrator.billing.CheckoutLink;
import io.xsen.orchestrator.security.ApiCustomer;
import io.xsen.orchestrator.usage.IdempotencyKeyHeader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a chatbot offers a user who wants a plan: a Stripe Checkout link anyone may ask
 * for, and a plan change for a customer holding a token.
 */
@Tag(name = "Plans")
@RestController
class CheckoutController {

	static final String REPLAYED = "Idempotent-Replayed";

	private final Checkouts checkouts;

	CheckoutController(Checkouts checkouts) {
		this.checkouts = checkouts;
	}

	@Operation(operationId = "createCheckout",
			summary = "Open a Stripe Checkout link that buys a plan (public; the same Idempotency-Key and body get the same link)")
	@ApiResponse(responseCode = "201",
			description = "Created: send the user to url; Idempotent-Replayed: true when a retry got the first session",
			useReturnTypeSchema = true)
	@PostMapping("/api/checkout")
	ResponseEntity<CheckoutAnswer> checkout(@Valid @RequestBody CheckoutRequest request, @Parameter(
			description = "Up to 255 printable ASCII characters: a retry from the same address with the same key and "
					+ "body within 24 hours gets the same Checkout Session") @RequestHeader(
							name = IdempotencyKeyHeader.NAME, required = false) @Nullable String idempotencyKey,
			HttpServletRequest http) {
		String key = (idempotencyKey != null) ? IdempotencyKeyHeader.value(idempotencyKey) : null;
		// Behind a trusted proxy, the address the proxy saw (Tomcat's RemoteIpValve).
		CheckoutLink link = this.checkouts.checkout(request.price(), request.quantity(), request.email(),
				http.getRemoteAddr(), key);
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.CREATED);
		if (link.replayed()) {
			answer.header(REPLAYED, "true");
		}
		return answer.body(new CheckoutAnswer(link.url(), link.sessionId()));
	}

	@Operation(operationId = "upgrade",
			summary = "Change the caller's plan: Stripe's portal confirms the change on a subscription (200), "
					+ "or Checkout sells one to a customer without (201)")
	@ApiResponse(responseCode = "200", description = "OK: Stripe's billing portal confirms the change at url",
			useReturnTypeSchema = true)
	@ApiResponse(responseCode = "201", description = "Created: a Checkout Session sells the plan at url",
			useReturnTypeSchema = true)
	@PostMapping("/api/upgrade")
	ResponseEntity<CheckoutAnswer> upgrade(@AuthenticationPrincipal ApiCustomer customer,
			@Valid @RequestBody UpgradeRequest request,
			// Described with the other replayable endpoints' key.
			@Parameter(hidden = true) @RequestHeader(name = IdempotencyKeyHeader.NAME,
					required = false) @Nullable String idempotencyKey) {
		String key = (idempotencyKey != null) ? IdempotencyKeyHeader.value(idempotencyKey) : null;
		boolean subscribed = customer.entitled() && customer.tier() != null && customer.subscriptionId() != null;
		Checkouts.Upgrade upgrade = this.checkouts.upgrade(customer.customerId(),
				subscribed ? customer.subscriptionId() : null, subscribed ? customer.tier() : null, request.price(),
				request.quantity(), key);
		return ResponseEntity.status((upgrade.sessionId() != null) ? HttpStatus.CREATED : HttpStatus.OK)
			.body(new CheckoutAnswer(upgrade.url(), upgrade.sessionId()));
	}

	// Ahead of Spring Boot's generic answers, so a bad body gets our code too.
	@ExceptionHandler
	ErrorResponse invalidRequest(MethodArgumentNotValidException ex) {
		FieldError field = ex.getBindingResult().getFieldError();
		return new ProblemException(HttpStatus.BAD_REQUEST, "invalid_request",
				(field != null && field.getDefaultMessage() != null) ? field.getDefaultMessage()
						: "The request is not valid");
	}

	@ExceptionHandler
	ErrorResponse unreadableRequest(HttpMessageNotReadableException ex) {
		return new ProblemException(HttpStatus.BAD_REQUEST, "invalid_request",
				"The request body is not the JSON object expected");
	}

	/**
	 * {@code {"price": "pro_monthly", "email": "ada@example.com", "quantity": 3}}: the
	 * price by lookup key or id; the quantity counts for per-seat prices only.
	 */
	record CheckoutRequest(
			@NotBlank(message = "price is required (a lookup key or price id)") @Size(max = 200,
					message = "price must be at most 200 characters") String price,
			@Email(message = "email must be an email address") @Size(max = 320,
					message = "email must be at most 320 characters") @Nullable String email,
			@Nullable Long quantity) {
	}

	/**
	 * {@code {"price": "pro_monthly"}}: the plan to move to, by lookup key or id; the
	 * quantity counts for per-seat prices only.
	 */
	record UpgradeRequest(@NotBlank(message = "price is required (a lookup key or price id)") @Size(max = 200,
			message = "price must be at most 200 characters") String price, @Nullable Long quantity) {
	}

	/**
	 * Where to send the user: Stripe's page, and the Checkout Session's id when it is
	 * one.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record CheckoutAnswer(String url, @Nullable String sessionId) {
	}

}
