package io.xsen.orchestrator.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy;
import org.springframework.security.web.header.writers.CrossOriginResourcePolicyHeaderWriter.CrossOriginResourcePolicy;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The chains of the public pages, each scoped to its paths and ahead of the API's
 * catch-all chain ({@link SecurityConfiguration}). They are chains of their own because
 * they need what the API must not have: a CSRF cookie on the link pages' buttons, and
 * cacheable answers with a stylesheet on the front door.
 */
@Configuration(proxyBeanMethods = false)
class PublicPageSecurityConfiguration {

	/**
	 * The link pages ({@code /access/**}, {@code /billing/**}) and the page Stripe
	 * Checkout returns to ({@code /welcome/**}): open to anyone holding a link, with CSRF
	 * protection on their buttons through a cookie (so the page and its post may reach
	 * different instances), no session, and headers that keep the code in the address out
	 * of referrers and frames.
	 */
	@Bean
	@Order(20)
	SecurityFilterChain accessPageSecurityFilterChain(HttpSecurity http) throws Exception {
		return http.securityMatcher("/access/**", "/billing/**", "/welcome", "/welcome/**")
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

	/**
	 * The front door ({@code /}, {@code /favicon.ico} and the page's stylesheet): open to
	 * anyone, read only, no cookie and no session, and cacheable, since nothing on it
	 * differs between visitors.
	 */
	@Bean
	@Order(30)
	SecurityFilterChain frontDoorSecurityFilterChain(HttpSecurity http) throws Exception {
		return http.securityMatcher("/", "/favicon.ico", "/front/**")
			.authorizeHttpRequests(
					requests -> requests.requestMatchers(HttpMethod.GET, "/", "/favicon.ico", "/front/**")
						.permitAll()
						.anyRequest()
						.denyAll())
			// The page sets its own Cache-Control, which no-store would undo.
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
