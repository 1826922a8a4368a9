package io.xsen.orchestrator.billing;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How XSEN reaches the Stripe API: {@code STRIPE_SECRET_KEY}, and {@code STRIPE_API_BASE}
 * for a local stand-in.
 */
@ConfigurationProperties("xsen.stripe")
@Validated
public record StripeProperties(
		@NotBlank(message = "STRIPE_SECRET_KEY must be set (sk_test_... or sk_live_...)") @Pattern(
				regexp = "^$|^(sk|rk)_(test|live)_\\S+$",
				message = "STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_... or sk_live_...)") String secretKey,
		@Nullable String apiBase, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("10s") Duration readTimeout, @DefaultValue("1") int maxNetworkRetries) {

	@Override
	public String toString() {
		return "StripeProperties[apiBase=" + this.apiBase + ", connectTimeout=" + this.connectTimeout + ", readTimeout="
				+ this.readTimeout + ", maxNetworkRetries=" + this.maxNetworkRetries + "]";
	}

}
