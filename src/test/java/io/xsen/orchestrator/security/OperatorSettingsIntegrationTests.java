package io.xsen.orchestrator.security;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.token.BearerTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.AdminApi.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as an operator may set it up differently from the tests' default: no
 * {@code ADMIN_API_KEY}, and a three-day {@code XSEN_PAST_DUE_GRACE}. One context for
 * both keeps the suite to two running services.
 */
@IntegrationTest
@TestPropertySource(properties = { "xsen.admin.api-key=", "xsen.access.past-due-grace=3d" })
class OperatorSettingsIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private AccessScenario scenario;

	@Autowired
	private DatabaseRows rows;

	@BeforeEach
	void cleanSlate() {
		this.rows.clear();
	}

	@Test
	void withoutAnAdminKeyEveryAdminPathIs404WhateverIsSent() {
		this.scenario.subscriptionIs("sub_OpsNoAdmin", "cus_OpsNoAdmin", "active", BASIC, now() - 100);
		for (String authorization : new String[] { null, "Bearer " + ADMIN_KEY, "Bearer ", "Bearer anything" }) {
			for (String path : new String[] { "/admin/customers/cus_OpsNoAdmin/tokens", "/actuator/prometheus" }) {
				RestTestClient.RequestBodySpec request = this.client.post().uri(path);
				if (authorization != null) {
					request.header("Authorization", authorization);
				}
				request.exchange().expectStatus().isNotFound().expectHeader().doesNotExist("WWW-Authenticate");
			}
		}
		assertThat(this.rows.count("auth_tokens")).isZero();
	}

	@Test
	void pastDueKeepsAccessOnlyWithinTheGrace() {
		String recent = pastDueCustomer("cus_OpsRecent", "sub_OpsRecent", now() - 86_400);
		String stale = pastDueCustomer("cus_OpsStale", "sub_OpsStale", now() - 4 * 86_400);

		this.scenario.get("/api/chat", recent).expectStatus().isOk();
		this.scenario.get("/api/chat", stale)
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("subscription_inactive");
	}

	private String pastDueCustomer(String customer, String subscription, long failedAt) {
		this.scenario.subscriptionIs(subscription, customer, "active", BASIC, failedAt - 100);
		this.scenario.subscriptionIs(subscription, customer, "past_due", BASIC, failedAt);
		this.jdbc
			.sql("INSERT INTO auth_tokens (token_hash, token_prefix, stripe_customer_id, issued_via, expires_at) "
					+ "VALUES (?, ?, ?, 'admin', now() + interval '1 day')")
			.params(BearerTokens.hash(tokenOf(customer)), tokenOf(customer).substring(0, 11), customer)
			.update();
		return tokenOf(customer);
	}

	// Without an admin key the test mints its tokens straight into the table.
	private static String tokenOf(String customer) {
		return "xsen_" + (customer + "0".repeat(43)).substring(0, 43).replace('_', '-');
	}

}
