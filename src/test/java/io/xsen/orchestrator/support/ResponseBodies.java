package io.xsen.orchestrator.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Reads an answer's body as JSON, for assertions on its fields.
 */
public final class ResponseBodies {

	private static final JsonMapper json = JsonMapper.builder().build();

	private ResponseBodies() {
	}

	public static JsonNode json(EntityExchangeResult<byte[]> result) {
		return json.readTree(result.getResponseBody());
	}

	public static JsonNode json(RestTestClient.ResponseSpec response) {
		return json.readTree(response.expectBody(String.class).returnResult().getResponseBody());
	}

}
