package io.xsen.orchestrator.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Whether Tomcat takes the client address from {@code X-Forwarded-For}: on Railway unless
 * {@code XSEN_TRUST_PROXY=false}, elsewhere only with {@code XSEN_TRUST_PROXY=true}.
 */
class ProxyTrustEnvironmentPostProcessorTests {

	private final ProxyTrustEnvironmentPostProcessor processor = new ProxyTrustEnvironmentPostProcessor(
			new DeferredLogs());

	@ParameterizedTest
	@ValueSource(strings = { "RAILWAY_ENVIRONMENT", "RAILWAY_ENVIRONMENT_NAME", "RAILWAY_ENVIRONMENT_ID" })
	void onRailwayTheProxyIsTrustedUnlessTurnedOff(String marker) {
		MockEnvironment railway = new MockEnvironment().withProperty(marker, "production");
		MockEnvironment turnedOff = new MockEnvironment().withProperty(marker, "production")
			.withProperty("xsen.claims.trust-proxy", "false");

		this.processor.postProcessEnvironment(railway, new SpringApplication());
		this.processor.postProcessEnvironment(turnedOff, new SpringApplication());

		assertThat(railway.getProperty("server.forward-headers-strategy")).isEqualTo("native");
		assertThat(turnedOff.getProperty("server.forward-headers-strategy")).isEqualTo("none");
	}

	@Test
	void elsewhereXForwardedForIsIgnoredUnlessTurnedOn() {
		MockEnvironment unset = new MockEnvironment().withProperty("xsen.claims.trust-proxy", "");
		MockEnvironment turnedOn = new MockEnvironment().withProperty("xsen.claims.trust-proxy", "TRUE");

		this.processor.postProcessEnvironment(unset, new SpringApplication());
		this.processor.postProcessEnvironment(turnedOn, new SpringApplication());

		assertThat(unset.getProperty("server.forward-headers-strategy")).isEqualTo("none");
		assertThat(turnedOn.getProperty("server.forward-headers-strategy")).isEqualTo("native");
	}

	@Test
	void proxiesInFrontOfRailwaysEdgeAreTrustedToo() {
		MockEnvironment environment = new MockEnvironment().withProperty("RAILWAY_ENVIRONMENT", "production")
			.withProperty("xsen.claims.trusted-proxies",
					" 173.245.48.0/20 , 2400:cb00::/32, 198.51.100.7, 2001:db8::1");

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("server.tomcat.remoteip.trusted-proxies"))
			.isEqualTo("173.245.48.0/20,2400:cb00::/32,198.51.100.7/32,2001:db8::1/128");
	}

	@ParameterizedTest
	@ValueSource(strings = { "yes", "on", "1", "TRUE" })
	void theWordsSpringBootTakesForTrueTurnTrustOn(String value) {
		MockEnvironment environment = new MockEnvironment().withProperty("xsen.claims.trust-proxy", value);

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("server.forward-headers-strategy")).isEqualTo("native");
	}

	@Test
	void anExplicitServerSettingStillWins() {
		MockEnvironment environment = new MockEnvironment().withProperty("RAILWAY_ENVIRONMENT", "production")
			.withProperty("server.forward-headers-strategy", "none");

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("server.forward-headers-strategy")).isEqualTo("none");
	}

	@Test
	void anythingButTrueOrFalseStopsStartupNamingTheVariable() {
		MockEnvironment environment = new MockEnvironment().withProperty("xsen.claims.trust-proxy", "yes please");

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.processor.postProcessEnvironment(environment, new SpringApplication()))
			.withMessageContaining("XSEN_TRUST_PROXY");
	}

	@ParameterizedTest
	@ValueSource(strings = { "10\\.0\\..*", "203.0.113.0/24,proxy.example.com" })
	void proxiesThatAreNotNetworksStopStartupNamingTheVariable(String value) {
		MockEnvironment environment = new MockEnvironment().withProperty("xsen.claims.trusted-proxies", value);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.processor.postProcessEnvironment(environment, new SpringApplication()))
			.withMessageContaining("XSEN_TRUSTED_PROXIES");
	}

}
