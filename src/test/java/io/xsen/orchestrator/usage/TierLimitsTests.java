package io.xsen.orchestrator.usage;

import java.time.Clock;

import io.xsen.orchestrator.subscription.SubscriptionSlice;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each tier's limits as operators set them: the documented defaults, {@code unlimited},
 * and a value startup refuses, naming the variable.
 */
class TierLimitsTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Limits.class)
		.withPropertyValues("xsen.tiers.basic.rank=1", "xsen.tiers.basic.prices=price_basic_monthly",
				"xsen.tiers.premium.rank=2", "xsen.tiers.premium.prices=price_premium_monthly");

	@Test
	void unsetLimitsAreTheDocumentedDefaults() {
		this.context
			.withPropertyValues("xsen.usage.tiers.basic.messages-per-period=",
					"xsen.usage.tiers.premium.requests-per-minute=")
			.run(context -> {
				TierLimits limits = context.getBean(TierLimits.class);
				assertThat(limits.of("basic")).isEqualTo(new TierLimits.Limits(1000L, 20L));
				assertThat(limits.of("premium")).isEqualTo(new TierLimits.Limits(10_000L, 60L));
			});
	}

	@Test
	void unlimitedLeavesALimitOut() {
		this.context
			.withPropertyValues("xsen.usage.tiers.premium.messages-per-period=unlimited",
					"xsen.usage.tiers.basic.requests-per-minute=Unlimited")
			.run(context -> {
				TierLimits limits = context.getBean(TierLimits.class);
				assertThat(limits.of("premium")).isEqualTo(new TierLimits.Limits(null, 60L));
				assertThat(limits.of("basic")).isEqualTo(new TierLimits.Limits(1000L, null));
			});
	}

	@Test
	void aLimitThatIsNotANumberStopsStartupNamingTheVariable() {
		this.context.withPropertyValues("xsen.usage.tiers.basic.messages-per-period=lots").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("XSEN_TIER_BASIC_MESSAGES_PER_PERIOD holds 'lots'");
		});
	}

	@Test
	void meteringIsOnUnlessTurnedOff() {
		this.context.withPropertyValues("xsen.usage.metering=")
			.run(context -> assertThat(context.getBean(UsageProperties.class).metering()).isTrue());
		this.context.withPropertyValues("xsen.usage.metering=false")
			.run(context -> assertThat(context.getBean(UsageProperties.class).metering()).isFalse());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(UsageProperties.class)
	@Import({ SubscriptionSlice.class, TierLimits.class })
	static class Limits {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

	}

}
