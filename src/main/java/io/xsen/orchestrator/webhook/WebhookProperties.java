package io.xsen.orchestrator.webhook;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How Stripe's webhook deliveries are checked: the signing secrets
 * ({@code STRIPE_WEBHOOK_SECRET}, comma-separated so the Dashboard's and
 * {@code stripe listen}'s, or an old and a new one, work side by side), the timestamp
 * tolerance and the largest body accepted.
 */
@ConfigurationProperties("xsen.webhook")
@Validated
record WebhookProperties(@NotEmpty(
		message = "STRIPE_WEBHOOK_SECRET must be set (one or more comma-separated whsec_... secrets)") List<@Pattern(
				regexp = "^whsec_\\S+$",
				message = "STRIPE_WEBHOOK_SECRET must hold Stripe signing secrets (whsec_...)") String> secrets,
		@DefaultValue("300s") Duration tolerance, @DefaultValue("1MB") DataSize maxPayloadSize) {

	@Override
	public String toString() {
		return "WebhookProperties[secrets=" + this.secrets.size() + " configured, tolerance=" + this.tolerance
				+ ", maxPayloadSize=" + this.maxPayloadSize + "]";
	}

}
