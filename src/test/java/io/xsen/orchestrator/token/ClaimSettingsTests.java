package io.xsen.orchestrator.token;

import io.xsen.orchestrator.XsenApplication;
import io.xsen.orchestrator.support.TestDatabase;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * An operator who gives the token grace, the claim rate or the proxy trust an impossible
 * value learns which variable from the startup failure.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClaimSettingsTests {

	@ParameterizedTest
	@CsvSource({ "XSEN_TOKEN_GRACE, -1d", "XSEN_CLAIM_RATE_PER_MINUTE, 0", "XSEN_TRUST_PROXY, maybe",
			"XSEN_TRUSTED_PROXIES, proxy.example.com" })
	void anImpossibleValueStopsStartupNamingTheVariable(String variable, String value, CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(XsenApplication.class)
			.run("--STRIPE_SECRET_KEY=sk_test_claim_settings", "--STRIPE_WEBHOOK_SECRET=whsec_claim_settings",
					"--STRIPE_PRICE_BASIC=price_basic_monthly", "--STRIPE_PRICE_PREMIUM=price_premium_monthly",
					"--server.port=0", "--spring.datasource.url=" + TestDatabase.get().jdbcUrl(),
					"--spring.datasource.username=" + TestDatabase.get().username(),
					"--spring.datasource.password=" + TestDatabase.get().password(), "--" + variable + "=" + value)
			.close());

		assertThat(output).contains(variable);
	}

}
