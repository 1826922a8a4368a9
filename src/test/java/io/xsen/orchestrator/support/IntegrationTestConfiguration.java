package io.xsen.orchestrator.support;

import io.xsen.orchestrator.config.DatabaseUrl;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Points the service at the test PostgreSQL and the Stripe API fake.
 */
@TestConfiguration(proxyBeanMethods = false)
public class IntegrationTestConfiguration {

	@Bean
	DynamicPropertyRegistrar testInfrastructure() {
		return registry -> {
			DatabaseUrl database = TestDatabase.get();
			registry.add("spring.datasource.url", database::jdbcUrl);
			registry.add("spring.datasource.username", database::username);
			registry.add("spring.datasource.password", database::password);
			registry.add("xsen.stripe.api-base", StripeApiFake::baseUrl);
		};
	}

}
