package io.xsen.orchestrator.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xsen.orchestrator.ProblemException;
import io.xsen.orchestrator.security.ApiCustomer;
import io.xsen.orchestrator.token.CustomerTokens;
import io.xsen.orchestrator.token.TokenChannel;
import io.xsen.orchestrator.token.TokenClaims;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A customer's own token: claimed after checkout, rotated, or revoked.
 */
@Tag(name = "Tokens")
@RestController
class TokenController {

	private final TokenClaims claims;

	private final CustomerTokens tokens;

	TokenController(TokenClaims claims, CustomerTokens tokens) {
		this.claims = claims;
		this.tokens = tokens;
	}

	@Operation(operationId = "claimToken", summary = "Claim the first token with the Checkout Session id after payment")
	@PostMapping("/api/token/claim")
	@ResponseStatus(HttpStatus.CREATED)
	TokenResponse claim(@Valid @RequestBody ClaimRequest request) {
		TokenClaims.ClaimedToken claimed = this.claims.claim(request.checkoutSessionId());
		return TokenResponse.of(claimed.token(), claimed.tier());
	}

	@Operation(operationId = "rotateToken",
			summary = "Replace the caller's token with a new one; the old one stops working")
	@PostMapping("/api/token/rotate")
	@ResponseStatus(HttpStatus.CREATED)
	TokenResponse rotate(@AuthenticationPrincipal ApiCustomer customer) {
		return TokenResponse.of(this.tokens.issue(customer.customerId(), TokenChannel.ROTATE), customer.tier());
	}

	@Operation(operationId = "revokeToken", summary = "Revoke the caller's token")
	@DeleteMapping("/api/token")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revoke(@AuthenticationPrincipal ApiCustomer customer) {
		this.tokens.revoke(customer.tokenId());
	}

	// Ahead of Spring Boot's generic answers, so a bad claim body gets our code too.
	@ExceptionHandler
	ErrorResponse invalidClaim(MethodArgumentNotValidException ex) {
		FieldError field = ex.getBindingResult().getFieldError();
		return new ProblemException(HttpStatus.BAD_REQUEST, "invalid_request",
				(field != null && field.getDefaultMessage() != null) ? field.getDefaultMessage()
						: "The request is not valid");
	}

	@ExceptionHandler
	ErrorResponse unreadableClaim(HttpMessageNotReadableException ex) {
		return new ProblemException(HttpStatus.BAD_REQUEST, "invalid_request",
				"The request body is not the JSON object expected");
	}

	/**
	 * {@code {"checkout_session_id":"cs_..."}}, from the Checkout success URL; validated
	 * before the controller runs, so never null there.
	 */
	record ClaimRequest(@NotNull(message = "checkout_session_id is required") @Pattern(
			regexp = "cs_[A-Za-z0-9_]{1,250}",
			message = "checkout_session_id must be a Stripe Checkout Session id (cs_...)") String checkoutSessionId) {
	}

}
