package io.xsen.orchestrator.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.xsen.orchestrator.Outages;
import io.xsen.orchestrator.Problems;
import io.xsen.orchestrator.subscription.TierCatalog;
import io.xsen.orchestrator.token.BearerTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * Answers refused requests as RFC 9457 problems with a stable {@code code}: 401
 * {@code invalid_token} with RFC 6750's {@code WWW-Authenticate}, 403
 * {@code subscription_inactive} or {@code tier_required} (with the catalog's plans that
 * would allow the call), 404 for disabled operator endpoints.
 */
@Component
class AccessProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

	private static final Logger logger = LoggerFactory.getLogger(AccessProblems.class);

	private static final String BEARER = "Bearer ";

	private final AdminAccess admin;

	private final AccessMetrics metrics;

	private final TierCatalog tiers;

	AccessProblems(AdminAccess admin, AccessMetrics metrics, TierCatalog tiers) {
		this.admin = admin;
		this.metrics = metrics;
		this.tiers = tiers;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		if (this.admin.isDisabledFor(request)) {
			logDenied(request, "not_found", "operator endpoints are off while ADMIN_API_KEY is unset");
			write(request, response, HttpStatus.NOT_FOUND, "not_found",
					"Operator endpoints are off: set ADMIN_API_KEY and restart the service to turn them on", Map.of());
			return;
		}
		if (failure instanceof AuthenticationServiceException && Outages.isDatabaseOutage(failure)) {
			logger.warn("Bearer token could not be checked: {}", failure.getMessage());
			response.setHeader(HttpHeaders.RETRY_AFTER, Outages.RETRY_AFTER_SECONDS);
			write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
					"Tokens cannot be checked right now; retry shortly", Map.of());
			return;
		}
		if (failure instanceof AuthenticationServiceException) {
			logger.error("Bearer token check failed", failure);
			write(request, response, HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
					"The request failed inside XSEN; the error has been logged", Map.of());
			return;
		}
		if (failure instanceof OAuth2AuthenticationException invalid) {
			OAuth2Error error = invalid.getError();
			HttpStatus status = (error instanceof BearerTokenError bearer) ? bearer.getHttpStatus()
					: HttpStatus.UNAUTHORIZED;
			String description = (error.getDescription() != null) ? error.getDescription() : "The token is not valid";
			deniedInvalidToken(request, description);
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"" + error.getErrorCode() + "\", error_description=\"" + description + "\"");
			write(request, response, status, error.getErrorCode(), description, Map.of());
			return;
		}
		// No token sent: RFC 6750 says the challenge carries no error code.
		deniedInvalidToken(request, "no bearer token sent");
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		write(request, response, HttpStatus.UNAUTHORIZED, "invalid_token",
				"Send your XSEN token as Authorization: Bearer <token>", Map.of());
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication != null && authentication.getPrincipal() instanceof ApiCustomer customer)) {
			logDenied(request, "forbidden", denied.getMessage());
			write(request, response, HttpStatus.FORBIDDEN, "forbidden", "Not allowed", Map.of());
			return;
		}
		if (!customer.entitled()) {
			Map<String, @Nullable Object> extra = new LinkedHashMap<>();
			extra.put("subscription_status", customer.status());
			this.metrics.decided(AccessMetrics.Decision.SUBSCRIPTION_INACTIVE);
			logDenied(request, "subscription_inactive",
					"customer " + customer.customerId() + " has subscription status " + customer.status());
			write(request, response, HttpStatus.FORBIDDEN, "subscription_inactive",
					(customer.status() != null) ? "The subscription is " + customer.status() + " and grants no access"
							: "There is no subscription for this customer",
					extra);
			return;
		}
		String requiredTier = requiredTier(denied);
		Map<String, @Nullable Object> extra = new LinkedHashMap<>();
		extra.put("required_tier", requiredTier);
		extra.put("current_tier", customer.tier());
		// What the chatbot can offer, from the catalog held in memory: no Stripe call.
		extra.put("plans", (requiredTier != null) ? this.tiers.plansIncluding(requiredTier)
				: this.tiers.plans(tier -> this.tiers.rank(tier) > this.tiers.rank(customer.tier())));
		this.metrics.decided(AccessMetrics.Decision.TIER_REQUIRED);
		logDenied(request, "tier_required", "customer " + customer.customerId() + " has tier " + customer.tier()
				+ ", the endpoint needs " + requiredTier);
		write(request, response, HttpStatus.FORBIDDEN, "tier_required",
				"This endpoint needs the " + requiredTier + " tier or higher", extra);
	}

	/**
	 * Answers a request Spring Security's firewall refused (control bytes, encoded
	 * slashes, path traversal).
	 */
	void rejected(HttpServletRequest request, HttpServletResponse response) throws IOException {
		logDenied(request, "invalid_request", "rejected by the request firewall");
		write(request, response, HttpStatus.BAD_REQUEST, "invalid_request",
				"The request holds characters or a path XSEN never accepts", Map.of());
	}

	/**
	 * Answers a request whose {@code Idempotency-Key} the firewall refused (control or
	 * non-ASCII bytes) as the customer API answers any key it cannot take.
	 */
	void idempotencyKeyInvalid(HttpServletRequest request, HttpServletResponse response) throws IOException {
		logDenied(request, "invalid_idempotency_key", "rejected by the request firewall");
		write(request, response, HttpStatus.BAD_REQUEST, "invalid_idempotency_key",
				"Idempotency-Key must be 1 to 255 printable ASCII characters", Map.of());
	}

	private void deniedInvalidToken(HttpServletRequest request, String reason) {
		this.metrics.decided(AccessMetrics.Decision.INVALID_TOKEN);
		logDenied(request, "invalid_token", reason + supportPrefix(request));
	}

	// Refusals are routine (a chatbot with a stale token retries all day): counted in
	// metrics, logged at DEBUG only.
	private static void logDenied(HttpServletRequest request, String code, @Nullable String reason) {
		logger.debug("Denied {} {}: {} ({})", request.getMethod(), request.getRequestURI(), code, reason);
	}

	// Names a customer token by the short prefix support sees; nothing of the admin key
	// or of a malformed value is ever logged.
	private String supportPrefix(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (this.admin.covers(request) || header == null
				|| !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return "";
		}
		String token = header.substring(BEARER.length()).trim();
		return BearerTokens.isWellFormed(token) ? ", token " + BearerTokens.supportPrefix(token) + "..." : "";
	}

	private static @Nullable String requiredTier(AccessDeniedException denied) {
		if (denied instanceof AuthorizationDeniedException authorization
				&& authorization.getAuthorizationResult() instanceof AuthorityAuthorizationDecision decision) {
			for (GrantedAuthority authority : decision.getAuthorities()) {
				String tier = TierAuthorities.tierOf(authority.getAuthority());
				if (tier != null) {
					return tier;
				}
			}
		}
		return null;
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
			String detail, Map<String, @Nullable Object> extra) throws IOException {
		Problems.write(request, response, status, code, detail, extra);
	}

}
