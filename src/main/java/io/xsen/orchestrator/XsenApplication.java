package io.xsen.orchestrator;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Starts XSEN Orchestrator: Stripe webhooks in, subscription-gated bearer-token API out.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class XsenApplication {

	public static void main(String[] args) {
		SpringApplication.run(XsenApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
