package io.xsen.orchestrator.api;

import java.time.Instant;
import java.util.List;

import io.xsen.orchestrator.billing.StripeBilling;
import io.xsen.orchestrator.security.ApiCustomer;
import io.xsen.orchestrator.security.SecuritySlice;
import io.xsen.orchestrator.token.TokenLookup;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.opaqueToken;

/**
 * Who may call which customer endpoint, decided by the security chain alone: 401 without
 * a valid token, 403 for a tier too low or a subscription that grants nothing, 200
 * otherwise. The full-stack journeys send real tokens; this slice covers the matrix.
 */
// Metering stands on PostgreSQL; the full-stack usage tests cover it.
@WebMvcTest(controllers = CustomerApiController.class,
		excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
				pattern = "io\\.xsen\\.orchestrator\\.usage\\..*"))
@Import(SecuritySlice.class)
@ActiveProfiles("test")
class CustomerApiSecurityTests {

	private static final Instant ISSUED = Instant.parse("2026-11-01T00:00:00Z");

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private TokenLookup tokens;

	@MockitoBean
	private StripeBilling billing;

	@Test
	void noTokenIsAnsweredWithABearerChallenge() {
		MvcTestResult result = this.mvc.get().uri("/api/chat").exchange();

		assertThat(result).hasStatus(401)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("invalid_token");
	}

	@Test
	void aMalformedTokenIsRefusedWithoutLookingItUp() {
		MvcTestResult result = this.mvc.get()
			.uri("/api/chat")
			.header(HttpHeaders.AUTHORIZATION, "Bearer not-an-xsen-token")
			.exchange();

		assertThat(result).hasStatus(401)
			.hasHeader(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"The token is malformed\"");
		assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("invalid_token");
		verifyNoInteractions(this.tokens);
	}

	@Test
	void basicCallsBasicChat() {
		MvcTestResult result = this.mvc.get()
			.uri("/api/chat")
			.with(opaqueToken().principal(entitled("basic")))
			.exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.tier").isEqualTo("basic");
	}

	@Test
	void basicIsToldPremiumChatNeedsPremium() {
		MvcTestResult result = this.mvc.get()
			.uri("/api/chat/premium")
			.with(opaqueToken().principal(entitled("basic")))
			.exchange();

		assertThat(result).hasStatus(403).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("tier_required");
		assertThat(result).bodyJson().extractingPath("$.required_tier").isEqualTo("premium");
		assertThat(result).bodyJson().extractingPath("$.current_tier").isEqualTo("basic");
	}

	@Test
	void premiumCallsBothChats() {
		for (String path : List.of("/api/chat", "/api/chat/premium")) {
			MvcTestResult result = this.mvc.get()
				.uri(path)
				.with(opaqueToken().principal(entitled("premium")))
				.exchange();

			assertThat(result).hasStatusOk();
			assertThat(result).bodyJson().extractingPath("$.tier").isEqualTo("premium");
		}
	}

	@Test
	void aSubscriptionThatGrantsNothingIsToldSo() {
		for (String path : List.of("/api/chat", "/api/chat/premium", "/api/subscription")) {
			MvcTestResult result = this.mvc.get()
				.uri(path)
				.with(opaqueToken().principal(inactive("premium", "canceled")))
				.exchange();

			assertThat(result).hasStatus(403).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("subscription_inactive");
			assertThat(result).bodyJson().extractingPath("$.subscription_status").isEqualTo("canceled");
		}
	}

	// As the introspector grants them: the tier's authority and every lower tier's.
	private static ApiCustomer entitled(String tier) {
		List<String> ranked = List.of("basic", "premium");
		return customer(tier, "active", true,
				ranked.subList(0, ranked.indexOf(tier) + 1)
					.stream()
					.<GrantedAuthority>map(granted -> new SimpleGrantedAuthority("TIER_" + granted))
					.toList());
	}

	private static ApiCustomer inactive(String tier, String status) {
		return customer(tier, status, false, List.of());
	}

	private static ApiCustomer customer(String tier, @Nullable String status, boolean entitled,
			List<GrantedAuthority> authorities) {
		return new ApiCustomer(1, "cus_QXg1o8vcGmoR32", "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw", "ada@example.com", tier, status,
				ISSUED, ISSUED.plusSeconds(2_592_000), false, ISSUED, ISSUED.plusSeconds(2_851_200), entitled,
				authorities);
	}

	/**
	 * The customer API's own settings, which the slice does not scan for.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	@Import(ApiCors.class)
	@EnableConfigurationProperties(AccessProperties.class)
	static class ApiSettings {

	}

}
