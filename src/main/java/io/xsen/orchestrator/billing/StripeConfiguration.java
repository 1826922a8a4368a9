package io.xsen.orchestrator.billing;

import com.stripe.StripeClient;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * Builds the one {@link StripeClient} XSEN uses, from configuration rather than the
 * static {@code Stripe.apiKey}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StripeProperties.class)
class StripeConfiguration {

	@Bean
	StripeClient stripeClient(StripeProperties properties) {
		StripeClient.StripeClientBuilder builder = StripeClient.builder()
			.setApiKey(properties.secretKey())
			.setConnectTimeout(Math.toIntExact(properties.connectTimeout().toMillis()))
			.setReadTimeout(Math.toIntExact(properties.readTimeout().toMillis()))
			.setMaxNetworkRetries(properties.maxNetworkRetries());
		if (StringUtils.hasText(properties.apiBase())) {
			builder.setApiBase(properties.apiBase());
		}
		return builder.build();
	}

}
