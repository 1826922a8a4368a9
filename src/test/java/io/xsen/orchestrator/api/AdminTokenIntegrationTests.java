package io.xsen.orchestrator.api;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.PREMIUM;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.AdminApi.ADMIN_KEY;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class AdminTokenIntegrationTests {

	private static final String CUSTOMER = "cus_Ad9mQ2rT5yU8iO";

	private static final String PATH = "/admin/customers/" + CUSTOMER + "/tokens";

	@Autowired
	private RestTestClient client;

	@Autowired
	private AccessScenario scenario;

	@Autowired
	private DatabaseRows rows;

	@BeforeEach
	void customerWhoLostTheirToken() {
		this.rows.clear();
		this.scenario.subscriptionIs("sub_1AdmB7WZ01zgkWadmin", CUSTOMER, "active", PREMIUM, now() - 100);
	}

	@Test
	void withoutTheAdminKeyTheRequestIsChallenged() {
		this.client.post()
			.uri(PATH)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer")
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.rows.count("auth_tokens")).isZero();
	}

	@Test
	void aWrongKeyOrACustomerTokenIsRefused() {
		String customerToken = this.scenario.tokenFor(CUSTOMER);
		for (String key : new String[] { ADMIN_KEY + "x", ADMIN_KEY.substring(1), "nope", customerToken }) {
			this.client.post()
				.uri(PATH)
				.header("Authorization", "Bearer " + key)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.value("WWW-Authenticate", value -> assertThat(value).startsWith("Bearer error=\"invalid_token\""))
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("invalid_token");
		}
		assertThat(this.rows.tokens(CUSTOMER)).hasSize(1);
	}

	@Test
	void theAdminKeyIssuesATokenThatWorksAndRevokesTheLostOne() {
		String lost = this.scenario.tokenFor(CUSTOMER);

		var issued = json(this.client.post()
			.uri(PATH)
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isCreated());

		assertThat(issued.path("token_type").stringValue()).isEqualTo("Bearer");
		assertThat(issued.path("tier").stringValue()).isEqualTo("premium");
		this.scenario.get("/api/chat/premium", issued.path("token").stringValue()).expectStatus().isOk();
		this.scenario.get("/api/chat/premium", lost).expectStatus().isUnauthorized();
	}

	@Test
	void theAdminKeyOpensNothingOutsideTheAdminPaths() {
		this.scenario.get("/api/chat", ADMIN_KEY).expectStatus().isUnauthorized();
	}

	@Test
	void aCustomerXsenDoesNotKnowIs404() {
		this.client.post()
			.uri("/admin/customers/cus_Unknown000000/tokens")
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("customer_not_found");
		assertThat(this.rows.count("auth_tokens")).isZero();
	}

}
