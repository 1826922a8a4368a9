package io.xsen.orchestrator.security;

import io.xsen.orchestrator.RateWindows;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;

/**
 * Registers the API's own servlet filters after Spring Security's chain, so its headers
 * apply to their answers too: the body-size limit on {@code /api/**}, then the claim and
 * checkout rate limits.
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
	// is resolved on the first claim. The welcome page's button claims too, so it counts
	// against the same limit.
	@Bean
	FilterRegistrationBean<AddressRateLimitFilter> claimRateLimitFilter(@Lazy RateWindows windows,
			ClaimProperties properties) {
		FilterRegistrationBean<AddressRateLimitFilter> registration = new FilterRegistrationBean<>(
				new AddressRateLimitFilter(windows,
						AddressRateLimitFilter.perMinute("claim", properties.ratePerMinute()), "token claims"));
		registration.addUrlPatterns("/api/token/claim", "/welcome");
		registration.setOrder(Ordered.LOWEST_PRECEDENCE);
		return registration;
	}

	// Each checkout link is a Stripe call: an address gets as many per minute as claims,
	// counted apart.
	@Bean
	FilterRegistrationBean<AddressRateLimitFilter> checkoutRateLimitFilter(@Lazy RateWindows windows,
			ClaimProperties properties) {
		FilterRegistrationBean<AddressRateLimitFilter> registration = new FilterRegistrationBean<>(
				new AddressRateLimitFilter(windows,
						AddressRateLimitFilter.perMinute("checkout", properties.ratePerMinute()), "checkout links"));
		registration.addUrlPatterns("/api/checkout");
		registration.setOrder(Ordered.LOWEST_PRECEDENCE);
		return registration;
	}

}
