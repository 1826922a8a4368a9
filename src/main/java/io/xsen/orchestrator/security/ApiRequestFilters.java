package io.xsen.orchestrator.security;

import io.xsen.orchestrator.RateWindows;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;

/**
 * Registers the API's own servlet filters after Spring Security's chain, so its headers
 * apply to their answers too: the body-size limit on {@code /api/**}, then the claim rate
 * limit.
 */
@Configuration(proxyBeanMethods = false)
class ApiRequestFilters {

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter() {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter());
		registration.addUrlPatterns("/api/*");
		registration.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
		return registration;
	}

	// Filters are built with the web server, before the database is set up: the counter
	// is resolved on the first claim.
	@Bean
	FilterRegistrationBean<ClaimRateLimitFilter> claimRateLimitFilter(@Lazy RateWindows windows,
			ClaimProperties properties) {
		FilterRegistrationBean<ClaimRateLimitFilter> registration = new FilterRegistrationBean<>(
				new ClaimRateLimitFilter(windows, properties));
		registration.addUrlPatterns("/api/token/claim");
		registration.setOrder(Ordered.LOWEST_PRECEDENCE);
		return registration;
	}

}
