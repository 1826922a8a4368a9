package io.xsen.orchestrator.ops;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The security chain of the front door ({@code /}, {@code /favicon.ico} and the page's
 * stylesheet): open to anyone, read only, no cookie and no session, and cacheable, since
 * nothing on it differs between visitors.
 */
@Configuration(proxyBeanMethods = false)
class FrontDoorSecurity {

	/** Ahead of the API's catch-all chain; disjoint from any other scoped chain. */
	static final int ORDER = 30;

	@Bean
	@Order(ORDER)
	SecurityFilterChain frontDoorSecurityFilterChain(HttpSecurity http) throws Exception {
		return http.securityMatcher("/", "/favicon.ico", "/front/**")
			.authorizeHttpRequests(
					requests -> requests.requestMatchers(HttpMethod.GET, "/", "/favicon.ico", "/front/**")
						.permitAll()
						.anyRequest()
						.denyAll())
			// The page says Cache-Control itself; Spring Security's no-store would undo
			// it.
			.headers(headers -> headers.cacheControl(cache -> cache.disable())
				.contentSecurityPolicy(csp -> csp.policyDirectives(
						"default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'"))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.crossOriginOpenerPolicy(coop -> coop.policy(CrossOriginOpenerPolicy.SAME_ORIGIN))
				.frameOptions(frame -> frame.deny()))
			.csrf(csrf -> csrf.disable())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.requestCache(cache -> cache.disable())
			.build();
	}

}
