package io.xsen.orchestrator.usage;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Meters the endpoints that answer a chatbot's message (the others are free), and answers
 * a retry with an {@code Idempotency-Key} on the customer API from the first answer.
 */
@Configuration(proxyBeanMethods = false)
class UsageWebConfiguration implements WebMvcConfigurer {

	static final String[] METERED_PATHS = { "/api/chat", "/api/chat/premium" };

	// Every endpoint a customer calls with a token except token rotation, whose answer
	// is a token no row may keep.
	private static final String[] REPLAYABLE_PATHS = { "/api/chat", "/api/chat/premium", "/api/subscription",
			"/api/usage", "/api/create-portal-session", "/api/upgrade" };

	private final MeteringInterceptor metering;

	UsageWebConfiguration(MeteringInterceptor metering) {
		this.metering = metering;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.metering).addPathPatterns(METERED_PATHS);
	}

	// After Spring Security's chain, which names the customer, and the request body
	// limit. Filters are built with the web server, before the database is set up: what
	// they need is resolved on the first request with a key.
	@Bean
	static FilterRegistrationBean<IdempotentReplays> idempotentReplays(@Lazy IdempotencyKeys keys,
			@Lazy @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
		FilterRegistrationBean<IdempotentReplays> registration = new FilterRegistrationBean<>(
				new IdempotentReplays(keys, problems));
		registration.addUrlPatterns(REPLAYABLE_PATHS);
		registration.setOrder(Ordered.LOWEST_PRECEDENCE);
		return registration;
	}

}
