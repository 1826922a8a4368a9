package io.xsen.orchestrator.security;

import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The operator key ({@code ADMIN_API_KEY}) that opens the admin endpoints; unset, they do
 * not exist.
 */
@ConfigurationProperties("xsen.admin")
@Validated
record AdminProperties(@Pattern(regexp = "^$|^[A-Za-z0-9\\-._~+/]+=*$",
		message = "ADMIN_API_KEY may hold only letters, digits and -._~+/ (it travels as a bearer token)") @Nullable String apiKey) {

	@Override
	public String toString() {
		return "AdminProperties[apiKey=" + ((this.apiKey == null || this.apiKey.isEmpty()) ? "unset" : "set") + "]";
	}

}
