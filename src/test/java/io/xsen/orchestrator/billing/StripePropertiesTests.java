package io.xsen.orchestrator.billing;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mode of {@code STRIPE_SECRET_KEY}, which decides whose events XSEN applies.
 */
class StripePropertiesTests {

	@ParameterizedTest
	@CsvSource({ "sk_live_51Hx, true", "rk_live_51Hx, true", "sk_test_51Hx, false", "rk_test_51Hx, false" })
	void secretAndRestrictedKeysTellTheirMode(String key, boolean livemode) {
		StripeProperties properties = new StripeProperties(key, null, Duration.ofSeconds(5), Duration.ofSeconds(10), 1);

		assertThat(properties.livemode()).isEqualTo(livemode);
	}

}
