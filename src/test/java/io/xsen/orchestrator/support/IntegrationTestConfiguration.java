package io.xsen.orchestrator.support;

import io.xsen.orchestrator.config.DatabaseUrl;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Points the service at the test PostgreSQL, the Stripe API fake and the SMTP server, and
 * gives tests the helpers that act on this instance: its rows and a customer's scenario
 * over HTTP.
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
			registry.add("xsen.smtp.host", () -> "127.0.0.1");
			registry.add("xsen.smtp.port", MailServer::port);
			registry.add("xsen.smtp.starttls", () -> "false");
		};
	}

	@Bean
	DatabaseRows databaseRows(JdbcClient jdbc) {
		return new DatabaseRows(jdbc);
	}

	@Bean
	AccessScenario accessScenario(RestTestClient client) {
		return new AccessScenario(client);
	}

}
