package io.xsen.orchestrator.api;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xsen.orchestrator.ParameterInvalid;
import io.xsen.orchestrator.catalog.CustomerFeatures;
import io.xsen.orchestrator.security.ApiCustomer;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells a chatbot which Stripe Entitlements features its customer has, so it can offer or
 * refuse one; neither request is metered.
 */
@Tag(name = "Features")
@RestController
class FeatureController {

	private static final int MAX_FEATURE_LENGTH = 255;

	private final CustomerFeatures features;

	FeatureController(CustomerFeatures features) {
		this.features = features;
	}

	@Operation(operationId = "getEntitlements", summary = "Read the caller's tier and the lookup keys of its features")
	@GetMapping("/api/entitlements")
	Entitlements entitlements(@AuthenticationPrincipal ApiCustomer customer) {
		return new Entitlements(customer.tier(), this.features.of(customer.customerId()));
	}

	@Operation(operationId = "checkFeature",
			summary = "Check whether the caller has a feature (403 feature_not_included when not)")
	@GetMapping("/api/check")
	FeatureCheck check(@AuthenticationPrincipal ApiCustomer customer, @RequestParam String feature) {
		String key = feature.trim();
		if (key.isEmpty() || key.length() > MAX_FEATURE_LENGTH || key.chars().anyMatch(Character::isISOControl)) {
			throw new ParameterInvalid("feature", "feature must be a feature's lookup key of 1 to " + MAX_FEATURE_LENGTH
					+ " characters without control characters");
		}
		if (!this.features.of(customer.customerId()).contains(key)) {
			throw new FeatureNotIncluded(key);
		}
		return new FeatureCheck(key, true);
	}

	// Ahead of Spring Boot's generic answer, so a missing feature names its parameter.
	@ExceptionHandler
	ErrorResponse parameterMissing(MissingServletRequestParameterException ex) {
		return new ParameterInvalid(ex.getParameterName(), ex.getParameterName() + " is required");
	}

	/**
	 * The caller's tier and features.
	 */
	record Entitlements(@Nullable String tier, List<String> features) {
	}

	/**
	 * The answer for a feature the caller has.
	 */
	record FeatureCheck(String feature, boolean allowed) {
	}

}
