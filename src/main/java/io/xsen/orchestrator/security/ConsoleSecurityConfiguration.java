package io.xsen.orchestrator.security;

import java.io.IOException;
import java.time.Duration;

import io.xsen.orchestrator.RateWindows;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The operator console's chain, ahead of the API's: a session started by a form that
 * takes the admin key, CSRF tokens on every form, failed logins limited per client
 * address, and every {@code /console} path 404 while {@code ADMIN_API_KEY} is unset. It
 * is a chain of its own because the API's chain ({@link SecurityConfiguration}) must
 * never start a session.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ConsoleSecurityConfiguration.class);

	static final String LOGIN = "/console/login";

	// Wrong keys per client address: as many a minute as token claims.
	@Bean
	@Order(1)
	SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http, AdminAccess admin, @Lazy RateWindows windows,
			ClaimProperties claims) throws Exception {
		RateWindows.Limit logins = new RateWindows.Limit("console-login", Duration.ofMinutes(1),
				claims.ratePerMinute());
		return http.securityMatcher("/console", "/console/**")
			.addFilterBefore(new AbsentWithoutKey(admin), DisableEncodeUrlFilter.class)
			.addFilterBefore(new LoginThrottle(windows, logins), UsernamePasswordAuthenticationFilter.class)
			.authorizeHttpRequests(requests -> requests.requestMatchers(LOGIN, "/console/assets/**")
				.permitAll()
				.anyRequest()
				.hasAuthority(AdminAccess.AUTHORITY))
			.authenticationManager(authentication -> {
				Object key = authentication.getCredentials();
				if (!(key instanceof String presented) || !admin.accepts(presented)) {
					throw new BadCredentialsException("The admin key is not valid");
				}
				return UsernamePasswordAuthenticationToken.authenticated("operator", null,
						AuthorityUtils.createAuthorityList(AdminAccess.AUTHORITY));
			})
			.formLogin(form -> form.loginPage(LOGIN)
				.passwordParameter("key")
				.defaultSuccessUrl("/console")
				.failureHandler(new CountingFailureHandler(windows, logins)))
			.logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl(LOGIN + "?logout"))
			.headers(headers -> headers.httpStrictTransportSecurity(hsts -> hsts.disable())
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(SecurityConfiguration::reachedOverHttps,
						new StaticHeadersWriter("Strict-Transport-Security", "max-age=31536000; includeSubDomains")))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				// Pages, styles and images from the service itself; no script at all.
				.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; style-src 'self'; "
						+ "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"))
				.frameOptions(frame -> frame.deny()))
			.build();
	}

	/**
	 * Without an admin key there is no console: every path answers 404, as the admin API
	 * does, with a page that says why and how to turn it on.
	 */
	static final class AbsentWithoutKey extends OncePerRequestFilter {

		// Styled from the front door's sheet: the console's own assets are off too.
		private static final String OFF_PAGE = """
				<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Console off - XSEN</title>
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<link rel="stylesheet" href="/front/front.css"></head>
				<body><main><h1>The console is off</h1>
				<p>The operator console and the operator API (<code>/admin</code>) are off because
				<code>ADMIN_API_KEY</code> is not set on this service.</p>
				<p>To turn them on, set <code>ADMIN_API_KEY</code> to a long random key (for example the output of
				<code>openssl rand -hex 32</code>) and restart the service; then sign in here with that key.</p>
				<p><a href="/">Back to the front door</a></p></main></body></html>
				""";

		private final AdminAccess admin;

		AbsentWithoutKey(AdminAccess admin) {
			this.admin = admin;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (!this.admin.isEnabled()) {
				response.setStatus(HttpStatus.NOT_FOUND.value());
				response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
				response.getWriter().write(OFF_PAGE);
				return;
			}
			chain.doFilter(request, response);
		}

	}

	/**
	 * Refuses a login from an address that failed too often this minute with 429 and
	 * {@code Retry-After}, before the key is even compared.
	 */
	static final class LoginThrottle extends OncePerRequestFilter {

		private final RateWindows windows;

		private final RateWindows.Limit logins;

		LoginThrottle(RateWindows windows, RateWindows.Limit logins) {
			this.windows = windows;
			this.logins = logins;
		}

		@Override
		protected boolean shouldNotFilter(HttpServletRequest request) {
			return !(HttpMethod.POST.matches(request.getMethod()) && LOGIN.equals(request.getServletPath()));
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			int wait = this.windows.secondsToWait(this.logins, request.getRemoteAddr());
			if (wait > 0) {
				ConsoleSecurityConfiguration.logger.warn(
						"Console login from {} refused: too many failed attempts this minute", request.getRemoteAddr());
				response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
				response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(wait));
				response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
				response.getWriter()
					.write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many attempts"
							+ " - XSEN console</title><meta name=\"viewport\" content=\"width=device-width, "
							+ "initial-scale=1\"><link rel=\"stylesheet\" href=\"/console/assets/console.css\"></head>"
							+ "<body><main class=\"login\"><h1>Too many attempts</h1><p role=\"alert\">Too many wrong "
							+ "keys from your address. Try again in " + wait + " seconds.</p><p><a href=\"" + LOGIN
							+ "\">Back to sign in</a></p></main></body></html>");
				return;
			}
			chain.doFilter(request, response);
		}

	}

	/**
	 * Counts a wrong key against the client's address, then shows the form again with an
	 * error.
	 */
	static final class CountingFailureHandler extends SimpleUrlAuthenticationFailureHandler {

		private final RateWindows windows;

		private final RateWindows.Limit logins;

		CountingFailureHandler(RateWindows windows, RateWindows.Limit logins) {
			super(LOGIN + "?error");
			this.windows = windows;
			this.logins = logins;
		}

		@Override
		public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
				org.springframework.security.core.AuthenticationException exception)
				throws IOException, ServletException {
			String address = request.getRemoteAddr();
			ConsoleSecurityConfiguration.logger.warn("Console login from {} refused: wrong admin key", address);
			this.windows.count(this.logins, address);
			super.onAuthenticationFailure(request, response, exception);
		}

	}

}
