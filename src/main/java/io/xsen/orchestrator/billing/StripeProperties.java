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

	/**
	 * Whether the key reaches the account's live data ({@code sk_live_},
	 * {@code rk_live_}) rather than its test data ({@code sk_test_}, {@code rk_test_});
	 * validation admits no other key.
	 */
	public boolean livemode() {
		return this.secretKey.startsWith("sk_live_") || this.secretKey.startsWith("rk_live_");
	}

	@Override
	public String toString() {
		return "StripeProperties[apiBase=" + this.apiBase + ", connectTimeout=" + this.connectTimeout + ", readTimeout="
				+ this.readTimeout + ", maxNetworkRetries=" + this.maxNetworkRetries + "]";
	}

}
