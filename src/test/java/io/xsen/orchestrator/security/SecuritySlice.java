package io.xsen.orchestrator.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsen.orchestrator.subscription.SubscriptionSlice;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;

/**
 * The security chain and what it stands on, for web slices of the customer API: the token
 * store and the subscription rules stay outside, for the slice to stub.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ SecurityConfiguration.class, CustomerTokenIntrospector.class, AdminAccess.class, AccessProblems.class,
		AccessMetrics.class, TierAuthorities.class, SubscriptionSlice.class })
@EnableConfigurationProperties(AdminProperties.class)
@EnableWebSecurity
public class SecuritySlice {

	@Bean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

}
