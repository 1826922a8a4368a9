package io.xsen.orchestrator.config;

import java.util.HashMap;
import java.util.Map;

import io.xsen.orchestrator.XsenApplication;
import io.xsen.orchestrator.support.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * An operator who forgets a required setting learns which one from the startup failure,
 * before any traffic. The price variables are optional: without them Stripe's catalog
 * defines the tiers ({@code CatalogIntegrationTests}).
 */
@ExtendWith(OutputCaptureExtension.class)
class RequiredSettingsTests {

	private static final Map<String, String> COMPLETE = Map.of("STRIPE_SECRET_KEY", "sk_test_required_settings",
			"STRIPE_WEBHOOK_SECRET", "whsec_required_settings", "STRIPE_PRICE_BASIC", "price_basic_monthly",
			"STRIPE_PRICE_PREMIUM", "price_premium_monthly");

	@ParameterizedTest
	@ValueSource(strings = { "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET" })
	void aMissingRequiredSettingStopsStartupNamingTheVariable(String missing, CapturedOutput output) {
		Map<String, String> settings = new HashMap<>(COMPLETE);
		settings.put(missing, "");
		settings.put("spring.datasource.url", TestDatabase.get().jdbcUrl());
		settings.put("spring.datasource.username", TestDatabase.get().username());
		settings.put("spring.datasource.password", TestDatabase.get().password());
		settings.put("server.port", "0");

		// Command-line arguments outrank the environment and a developer's .env file.
		String[] arguments = settings.entrySet()
			.stream()
			.map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
			.toArray(String[]::new);

		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(XsenApplication.class).run(arguments).close());

		assertThat(output).contains(missing);
	}

}
