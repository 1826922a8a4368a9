package io.xsen.orchestrator.api;

import java.util.List;

import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * What the customer API allows: which browser origins may call it
 * ({@code CORS_ALLOWED_ORIGINS}), and where Stripe's billing portal sends customers back
 * ({@code PORTAL_RETURN_URL}).
 */
@ConfigurationProperties("xsen.access")
@Validated
record AccessProperties(@DefaultValue List<String> corsAllowedOrigins, @Pattern(regexp = "^$|^https?://\\S+$",
		message = "PORTAL_RETURN_URL must be an http(s) URL") @Nullable String portalReturnUrl) {

	AccessProperties {
		corsAllowedOrigins = corsAllowedOrigins.stream().map(String::trim).filter(StringUtils::hasText).toList();
	}

	@Nullable String portalReturnUrlOrDefault() {
		return StringUtils.hasText(this.portalReturnUrl) ? this.portalReturnUrl : null;
	}

}
