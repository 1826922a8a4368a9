package io.xsen.orchestrator.security;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.Rfc6265CookieProcessor;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The console's session cookie is {@code SameSite=Strict}, and {@code Secure} whenever
 * the request reached the platform over HTTPS, also where a proxy ended TLS (Tomcat alone
 * sees plain HTTP there). The API sets no cookies.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSessionCookie {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> strictSessionCookie() {
		return factory -> factory.addContextCustomizers(context -> context.setCookieProcessor(new StrictCookies()));
	}

	/**
	 * Writes every cookie {@code SameSite=Strict}, and {@code Secure} over HTTPS.
	 */
	static final class StrictCookies extends Rfc6265CookieProcessor {

		StrictCookies() {
			setSameSiteCookies("strict");
		}

		@Override
		public String generateHeader(Cookie cookie, HttpServletRequest request) {
			if (request != null && SecurityConfiguration.reachedOverHttps(request)) {
				cookie.setSecure(true);
			}
			return super.generateHeader(cookie, request);
		}

	}

}
