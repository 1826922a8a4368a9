package io.xsen.orchestrator.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy;
import org.springframework.security.web.header.writers.CrossOriginResourcePolicyHeaderWriter.CrossOriginResourcePolicy;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * The API's stateless security chain, which answers every path no scoped chain claims:
 * Stripe's webhook, health probes, the public API description, the token claim and
 * checkout links are public; the customer API needs a bearer token whose subscription
 * grants the endpoint's tier; operator endpoints, Actuator and the operator API
 * description need the admin key. Every answer carries the security headers.
 *
 * <p>
 * The console ({@link ConsoleSecurityConfiguration}) and the public pages
 * ({@link PublicPageSecurityConfiguration}) have chains of their own, ahead of this one,
 * because they need what the API must never have: a session from a login form, CSRF
 * tokens, cacheable pages.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * No observations of Spring Security's filters, authentication or authorization: each
	 * filter would be wrapped and timed on every request, which costs more than a cached
	 * token check. Request metrics ({@code http.server.requests}) stay.
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http,
			AuthenticationManagerResolver<HttpServletRequest> bearerAuthentication, TierAuthorities tiers,
			AccessProblems problems) throws Exception {
		return http
			.authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
				.permitAll()
				.requestMatchers(AdminAccess.PATHS)
				.hasAuthority(AdminAccess.AUTHORITY)
				.requestMatchers("/webhooks/stripe", "/health", "/livez", "/readyz")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs.yaml")
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/api/token/claim", "/api/access-link", "/api/checkout")
				.permitAll()
				.requestMatchers("/api/chat/premium")
				.access(tiers.requires("premium"))
				.requestMatchers("/api/chat")
				.access(tiers.requires("basic"))
				.requestMatchers("/api/subscription", "/api/usage", "/api/create-portal-session", "/api/entitlements",
						"/api/check")
				.access(tiers.requiresAnyTier())
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer(resourceServer -> resourceServer.authenticationManagerResolver(bearerAuthentication)
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems)
				.withObjectPostProcessor(answerStoreFailuresWith(problems)))
			.exceptionHandling(
					exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			// What the seed's helmet sent: an API answer is never framed, embedded,
			// sniffed or given a referrer; HSTS once it reached the platform over HTTPS.
			.headers(headers -> headers.httpStrictTransportSecurity(hsts -> hsts.disable())
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(SecurityConfiguration::reachedOverHttps,
						new StaticHeadersWriter("Strict-Transport-Security", "max-age=31536000; includeSubDomains")))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
				.crossOriginOpenerPolicy(coop -> coop.policy(CrossOriginOpenerPolicy.SAME_ORIGIN))
				.crossOriginResourcePolicy(corp -> corp.policy(CrossOriginResourcePolicy.SAME_ORIGIN))
				.frameOptions(frame -> frame.deny()))
			// From the customer API's corsConfigurationSource bean (ApiCors).
			.cors(Customizer.withDefaults())
			// Chatbots send bearer tokens and Stripe signs its deliveries: no cookies, so
			// no CSRF and no session.
			.csrf(csrf -> csrf.disable())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.requestCache(cache -> cache.disable())
			.build();
	}

	/**
	 * Customer tokens are checked against the database, the admin key against
	 * configuration; which one depends on the path alone.
	 */
	@Bean
	AuthenticationManagerResolver<HttpServletRequest> bearerAuthentication(AdminAccess admin,
			CustomerTokenIntrospector introspector) {
		AuthenticationManager customers = new ProviderManager(new OpaqueTokenAuthenticationProvider(introspector));
		AuthenticationManager operators = admin.authenticationManager();
		return request -> admin.covers(request) ? operators : customers;
	}

	// Railway ends TLS at its proxy and says so in X-Forwarded-Proto. Behind a trusted
	// proxy Tomcat's RemoteIpValve has already made such a request secure; elsewhere the
	// header is read here, since HSTS sent on a spoofed one is harmless (browsers ignore
	// it over plain HTTP).
	static boolean reachedOverHttps(HttpServletRequest request) {
		String forwarded = request.getHeader("X-Forwarded-Proto");
		return request.isSecure() || (forwarded != null && forwarded.split(",")[0].trim().equalsIgnoreCase("https"));
	}

	// A database outage while checking a token is ours, not the caller's: the entry
	// point answers 503 instead of the container's 500.
	private static ObjectPostProcessor<BearerTokenAuthenticationFilter> answerStoreFailuresWith(
			AccessProblems problems) {
		return new ObjectPostProcessor<>() {
			@Override
			public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
				AuthenticationEntryPointFailureHandler failureHandler = new AuthenticationEntryPointFailureHandler(
						problems);
				failureHandler.setRethrowAuthenticationServiceException(false);
				filter.setAuthenticationFailureHandler(failureHandler);
				return filter;
			}
		};
	}

}
