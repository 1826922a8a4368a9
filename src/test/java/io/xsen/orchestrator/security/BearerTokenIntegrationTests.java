package io.xsen.orchestrator.security;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.InfoLogging;
import io.xsen.orchestrator.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class BearerTokenIntegrationTests {

	private static final String CUSTOMER = "cus_Tk7qLm2Vn8Xw4z";

	private static final String SUBSCRIPTION = "sub_1TkA9B7WZ01zgkWtokens";

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private AccessScenario scenario;

	@Autowired
	private DatabaseRows rows;

	@BeforeEach
	void activeBasicCustomer() {
		this.rows.clear();
		this.scenario.subscriptionIs(SUBSCRIPTION, CUSTOMER, "active", BASIC, now() - 100);
	}

	@Test
	void aRequestWithoutATokenIsChallengedWithBearerAndNoErrorCode() {
		this.client.get()
			.uri("/api/chat")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer")
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_token");
		this.client.get()
			.uri("/api/chat")
			.header("Authorization", "Basic dXNlcjpwYXNz")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer");
	}

	@Test
	void malformedAndUnknownTokensAre401InvalidToken() {
		String valid = this.scenario.tokenFor(CUSTOMER);
		List<String> headers = List.of("Bearer", "Bearer ", "Bearer xsen_short", "Bearer " + valid + "!",
				"Bearer " + valid + " extra", "Bearer " + valid.substring(0, valid.length() - 1),
				"Bearer " + valid.replace("xsen_", "xsex_"), "Bearer xsen_" + "A".repeat(43),
				"Bearer " + "'; DROP TABLE auth_tokens; --", "Bearer " + "x".repeat(5000));
		for (String header : headers) {
			this.client.get()
				.uri("/api/chat")
				.header("Authorization", header)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.value("WWW-Authenticate", value -> assertThat(value).startsWith("Bearer error=\"invalid_token\""))
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("invalid_token");
		}
		this.scenario.get("/api/chat", valid).expectStatus().isOk();
	}

	@Test
	void anExpiredTokenIsRefused() {
		String token = this.scenario.tokenFor(CUSTOMER);
		this.jdbc.sql("UPDATE auth_tokens SET expires_at = now() - interval '1 second'").update();

		this.scenario.get("/api/chat", token)
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_token")
			.jsonPath("$.detail")
			.isEqualTo("The token has expired");
	}

	@Test
	void aRevokedTokenStopsWorkingAtOnce() {
		String token = this.scenario.tokenFor(CUSTOMER);

		this.client.delete()
			.uri("/api/token")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isNoContent();

		this.scenario.get("/api/chat", token)
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The token has been revoked");
		assertThat(this.rows.tokens(CUSTOMER)).singleElement()
			.satisfies(row -> assertThat(row.get("revoked_at")).isNotNull());
	}

	@Test
	void rotatingGivesANewTokenAndTheOldOneStopsWorking() {
		String old = this.scenario.tokenFor(CUSTOMER);

		String rotated = json(this.scenario.post("/api/token/rotate", old).expectStatus().isCreated()).path("token")
			.stringValue();

		assertThat(rotated).startsWith("xsen_").isNotEqualTo(old);
		this.scenario.get("/api/chat", old).expectStatus().isUnauthorized();
		this.scenario.get("/api/chat", rotated).expectStatus().isOk();
		assertThat(this.rows.tokens(CUSTOMER)).extracting(row -> row.get("issued_via"))
			.containsExactly("admin", "rotate");
	}

	@Test
	void issuingANewTokenRevokesThePreviousOne() {
		String first = this.scenario.tokenFor(CUSTOMER);
		String second = this.scenario.tokenFor(CUSTOMER);

		this.scenario.get("/api/chat", first).expectStatus().isUnauthorized();
		this.scenario.get("/api/chat", second).expectStatus().isOk();
		assertThat(this.rows.tokens(CUSTOMER)).filteredOn(row -> row.get("revoked_at") == null).hasSize(1);
	}

	@Test
	@ExtendWith(InfoLogging.class)
	void tokensAreRandomUrlSafeAndKeptOnlyAsTheirHash(CapturedOutput output) throws Exception {
		String token = this.scenario.tokenFor(CUSTOMER);

		assertThat(token).matches("xsen_[A-Za-z0-9_-]{43}");
		Map<String, Object> row = this.rows.tokens(CUSTOMER).get(0);
		assertThat((byte[]) row.get("token_hash"))
			.isEqualTo(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		assertThat((String) row.get("token_prefix")).isEqualTo(token.substring(0, 11));
		assertThat(row.values()).noneMatch(value -> token.equals(String.valueOf(value)));
		assertThat(output).doesNotContain(token).contains(token.substring(0, 11));
	}

}
