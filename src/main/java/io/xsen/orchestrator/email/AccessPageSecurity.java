package io.xsen.orchestrator.email;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy;
import org.springframework.security.web.header.writers.CrossOriginResourcePolicyHeaderWriter.CrossOriginResourcePolicy;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The security chain of the link pages ({@code /access/**}, {@code /billing/**}): open to
 * anyone holding a link, with CSRF protection on their buttons through a cookie (so the
 * page and its post may reach different instances), no session, and headers that keep the
 * code in the address out of referrers and frames.
 */
@Configuration(proxyBeanMethods = false)
class AccessPageSecurity {

	/** Ahead of the API's catch-all chain; disjoint from any other scoped chain. */
	static final int ORDER = 20;

	@Bean
	@Order(ORDER)
	SecurityFilterChain accessPageSecurityFilterChain(HttpSecurity http) throws Exception {
		return http.securityMatcher("/access/**", "/billing/**")
			.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
			.csrf(csrf -> csrf.csrfTokenRepository(new CookieCsrfTokenRepository()))
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; script-src 'self'; "
						+ "style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'"))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.crossOriginOpenerPolicy(coop -> coop.policy(CrossOriginOpenerPolicy.SAME_ORIGIN))
				.crossOriginResourcePolicy(corp -> corp.policy(CrossOriginResourcePolicy.SAME_ORIGIN))
				.frameOptions(frame -> frame.deny()))
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.requestCache(cache -> cache.disable())
			.build();
	}

}
