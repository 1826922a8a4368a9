package io.xsen.orchestrator.config;

import io.xsen.orchestrator.XsenApplication;
import io.xsen.orchestrator.support.TestDatabase;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * An operator who gives {@code XSEN_DATABASE_TIMEOUT} something other than a duration
 * from a millisecond to a day learns it from the startup failure, before any traffic.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseTimeoutSettingsTests {

	@ParameterizedTest
	@ValueSource(strings = { "ten seconds", "0s", "-5s", "2d" })
	void anImpossibleTimeoutStopsStartupNamingTheVariable(String value, CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(XsenApplication.class)
			.run("--STRIPE_SECRET_KEY=sk_test_database_timeout", "--STRIPE_WEBHOOK_SECRET=whsec_database_timeout",
					"--STRIPE_PRICE_BASIC=price_basic_monthly", "--STRIPE_PRICE_PREMIUM=price_premium_monthly",
					"--server.port=0", "--spring.datasource.url=" + TestDatabase.get().jdbcUrl(),
					"--spring.datasource.username=" + TestDatabase.get().username(),
					"--spring.datasource.password=" + TestDatabase.get().password(), "--XSEN_DATABASE_TIMEOUT=" + value)
			.close());

		assertThat(output).contains("XSEN_DATABASE_TIMEOUT");
	}

}
