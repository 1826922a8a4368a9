package io.xsen.orchestrator;

import io.xsen.orchestrator.support.IntegrationTestConfiguration;

import org.springframework.boot.SpringApplication;

/**
 * Runs XSEN against the test PostgreSQL (Testcontainers where Docker runs) and the Stripe
 * API fake: {@code mvn spring-boot:test-run}.
 */
class TestXsenApplication {

	public static void main(String[] args) {
		SpringApplication.from(XsenApplication::main).with(IntegrationTestConfiguration.class).run(args);
	}

}
