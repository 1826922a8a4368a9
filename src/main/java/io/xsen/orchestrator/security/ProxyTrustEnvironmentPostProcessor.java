package io.xsen.orchestrator.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides whether the platform's proxy names the client ({@code XSEN_TRUST_PROXY}; unset
 * means trusted exactly on Railway) and, if so, lets Tomcat's {@code RemoteIpValve} take
 * the client address from {@code X-Forwarded-For} as the proxy saw it: the rightmost
 * entry that is not a trusted proxy. Private-network addresses (Railway's edge) are
 * trusted; {@code XSEN_TRUSTED_PROXIES} adds proxies that stand in front of it.
 *
 * <p>
 * Every limit then counts against {@code request.getRemoteAddr()}. With trust off,
 * {@code X-Forwarded-For} is ignored entirely.
 */
class ProxyTrustEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Railway sets these in every deployment (older and newer names); its edge proxy
	 * appends to X-Forwarded-For.
	 */
	static final List<String> RAILWAY_MARKERS = List.of("RAILWAY_ENVIRONMENT", "RAILWAY_ENVIRONMENT_NAME",
			"RAILWAY_ENVIRONMENT_ID");

	// An IPv4 or IPv6 address, or a network in CIDR notation. Tomcat reads a list with a
	// slash as networks and anything else as a regular expression, so a bare address is
	// written as a network of one.
	private static final Pattern NETWORK = Pattern.compile("[0-9A-Fa-f.:]{2,45}(/\\d{1,3})?");

	private final Log logger;

	ProxyTrustEnvironmentPostProcessor(DeferredLogFactory logs) {
		this.logger = logs.getLog(ProxyTrustEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean trusted = trusted(environment);
		String proxies = trustedProxies(environment);
		Map<String, Object> settings = new HashMap<>();
		// NONE also keeps Spring Boot from trusting the header on its own on a platform
		// it recognises.
		settings.put("server.forward-headers-strategy", trusted ? "native" : "none");
		if (trusted && !proxies.isEmpty()) {
			settings.put("server.tomcat.remoteip.trusted-proxies", proxies);
		}
		// Last: a server.* setting the operator made explicitly still wins.
		environment.getPropertySources().addLast(new MapPropertySource("xsenProxyTrust", settings));
		this.logger.info(trusted
				? "Client addresses are what the proxy saw: the rightmost X-Forwarded-For entry "
						+ "that is not a private-network address" + (proxies.isEmpty() ? "" : " or in " + proxies)
				: "Client addresses are the connection's (X-Forwarded-For ignored)");
	}

	private static boolean trusted(ConfigurableEnvironment environment) {
		Boolean trusted;
		try {
			// Spring's own reading of a boolean setting (true/on/yes/1, false/off/no/0);
			// blank is unset.
			trusted = environment.getProperty("xsen.claims.trust-proxy", Boolean.class);
		}
		catch (ConversionFailedException ex) {
			throw new IllegalArgumentException(
					"XSEN_TRUST_PROXY must be true or false, not '" + environment.getProperty("xsen.claims.trust-proxy")
							+ "' (unset: true on Railway, false elsewhere)");
		}
		return (trusted != null) ? trusted : RAILWAY_MARKERS.stream().anyMatch(environment::containsProperty);
	}

	private static String trustedProxies(ConfigurableEnvironment environment) {
		String value = environment.getProperty("xsen.claims.trusted-proxies", "").trim();
		if (value.isEmpty()) {
			return value;
		}
		List<String> networks = List.of(value.split("\\s*,\\s*"));
		if (!networks.stream().allMatch(network -> NETWORK.matcher(network).matches())) {
			throw new IllegalArgumentException("XSEN_TRUSTED_PROXIES must be addresses or networks in CIDR notation, "
					+ "comma-separated (for example 203.0.113.0/24,198.51.100.7), not '" + value + "'");
		}
		return String.join(",", networks.stream().map(ProxyTrustEnvironmentPostProcessor::asNetwork).toList());
	}

	private static String asNetwork(String network) {
		if (network.contains("/")) {
			return network;
		}
		return network + (network.contains(":") ? "/128" : "/32");
	}

	@Override
	public int getOrder() {
		// After config data, so that XSEN_TRUST_PROXY from a .env file counts too.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
