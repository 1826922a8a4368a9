package io.xsen.orchestrator.security;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Names the client behind a request: the socket's address, or the first hop of
 * {@code X-Forwarded-For} when the platform's proxy is trusted to set it.
 */
@Component
public class ClientAddresses {

	private static final Logger logger = LoggerFactory.getLogger(ClientAddresses.class);

	/**
	 * Railway sets these in every deployment (older and newer names); its edge proxy
	 * writes X-Forwarded-For.
	 */
	static final List<String> RAILWAY_MARKERS = List.of("RAILWAY_ENVIRONMENT", "RAILWAY_ENVIRONMENT_NAME",
			"RAILWAY_ENVIRONMENT_ID");

	private static final String FORWARDED_FOR = "X-Forwarded-For";

	// An IPv4 or IPv6 literal, nothing else: a forged header never becomes an odd key.
	private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:]{2,45}");

	private final boolean trustProxy;

	ClientAddresses(ClaimProperties properties, Environment environment) {
		this.trustProxy = (properties.trustProxy() != null) ? properties.trustProxy()
				: RAILWAY_MARKERS.stream().anyMatch(environment::containsProperty);
		logger.info("Client addresses are taken from {}",
				this.trustProxy ? "the proxy's X-Forwarded-For" : "the connection (X-Forwarded-For ignored)");
	}

	public String of(HttpServletRequest request) {
		if (this.trustProxy) {
			String forwarded = request.getHeader(FORWARDED_FOR);
			if (forwarded != null) {
				int comma = forwarded.indexOf(',');
				String first = ((comma < 0) ? forwarded : forwarded.substring(0, comma)).trim();
				if (ADDRESS.matcher(first).matches()) {
					return first;
				}
			}
		}
		return request.getRemoteAddr();
	}

}
