package io.xsen.orchestrator.support;

import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Support's way in: the admin key the test profile configures, sent as a bearer token.
 */
public final class AdminApi {

	public static final String ADMIN_KEY = "test-admin-key-0f7d3c9a51b24e8e9d6f";

	private AdminApi() {
	}

	/**
	 * Sends the request with {@code Authorization: Bearer <admin key>}.
	 */
	public static RestTestClient.ResponseSpec admin(RestTestClient.RequestHeadersSpec<?> request) {
		return request.header("Authorization", "Bearer " + ADMIN_KEY).exchange();
	}

}
