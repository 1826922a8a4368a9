package io.xsen.orchestrator.api;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Which browser origins may call the customer API ({@code CORS_ALLOWED_ORIGINS}); the
 * security chain applies it to every {@code /api/**} answer.
 */
@Configuration(proxyBeanMethods = false)
class ApiCors {

	@Bean
	CorsConfigurationSource corsConfigurationSource(AccessProperties properties) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!properties.corsAllowedOrigins().isEmpty()) {
			CorsConfiguration api = new CorsConfiguration();
			api.setAllowedOrigins(properties.corsAllowedOrigins());
			api.setAllowedMethods(List.of("GET", "POST", "DELETE"));
			api.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "Idempotency-Key"));
			// A chatbot in a browser paces itself by the RateLimit fields.
			api.setExposedHeaders(List.of(HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.RETRY_AFTER, "RateLimit",
					"RateLimit-Policy", "Idempotent-Replayed"));
			source.registerCorsConfiguration("/api/**", api);
		}
		return source;
	}

}
