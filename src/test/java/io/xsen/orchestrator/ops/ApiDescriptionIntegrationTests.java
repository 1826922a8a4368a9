package io.xsen.orchestrator.ops;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.tags.Tag;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.AdminApi.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public and the operator API descriptions as a chatbot platform imports them: read
 * by a strict OpenAPI parser, each operation with a summary, a capability tag, its
 * security, its problem answers and their codes, and the RateLimit fields where metered.
 */
@IntegrationTest
class ApiDescriptionIntegrationTests {

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final Set<String> METERED = Set.of("GET /api/chat", "GET /api/chat/premium");

	@Autowired
	private RestTestClient client;

	@Autowired
	private BuildProperties build;

	@Autowired
	private DatabaseRows rows;

	@Autowired
	private AccessScenario scenario;

	@BeforeEach
	void cleanSlate() {
		this.rows.clear();
	}

	@Test
	void bothDescriptionsParseWithoutMessagesAndNameTheServiceVersionAndPublicAddress() {
		for (String json : List.of(description("/v3/api-docs", null),
				description("/v3/api-docs/operator", ADMIN_KEY))) {
			SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json);

			assertThat(parsed.getMessages()).isEmpty();
			assertThat(parsed.getOpenAPI().getInfo().getVersion()).isEqualTo(this.build.getVersion());
			assertThat(parsed.getOpenAPI().getServers()).singleElement()
				.satisfies(server -> assertThat(server.getUrl()).isEqualTo("https://xsen.test"));
			assertThat(json).doesNotContain("*/*");
		}
	}

	@Test
	void everyOperationHasASummaryACapabilityTagItsSecurityAndItsProblemAnswers() {
		OpenAPI published = parse(description("/v3/api-docs", null));
		OpenAPI operator = parse(description("/v3/api-docs/operator", ADMIN_KEY));
		Map<String, Operation> operations = operations(published);
		operations.putAll(operations(operator));

		assertThat(operations).hasSize(26);
		assertThat(tagNames(published)).containsExactly("Chat", "Subscription", "Features", "Usage", "Plans", "Tokens",
				"Access links", "Webhooks", "Health");
		assertThat(tagNames(operator)).containsExactly("Usage", "Tokens", "Subscriptions", "Events", "Emails",
				"Catalog");
		operations.forEach((name, operation) -> {
			assertThat(operation.getSummary()).as("%s summary", name).isNotBlank();
			assertThat(operation.getTags()).as("%s tags", name)
				.singleElement()
				.isIn(name.contains(" /admin/") ? tagNames(operator) : tagNames(published));
			assertThat(operation.getSecurity()).as("%s security", name).isNotNull();
			Map<String, ApiResponse> problems = problemAnswers(operation);
			if (!name.equals("GET /health")) {
				assertThat(problems.keySet()).as("%s problem answers", name).anyMatch(status -> status.startsWith("4"));
			}
			problems.forEach(
					(status, response) -> assertThat(codes(response)).as("%s %s codes", name, status).isNotEmpty());
		});
		assertThat(operations.get("POST /api/token/claim").getSecurity()).isEmpty();
		assertThat(operations.get("POST /webhooks/stripe").getSecurity()).singleElement()
			.satisfies(requirement -> assertThat(requirement).containsKey("stripe_signature"));
		assertThat(operations.get("GET /api/chat").getSecurity()).singleElement()
			.satisfies(requirement -> assertThat(requirement).containsKey("customer_token"));
		assertThat(operations.get("GET /admin/events").getSecurity()).singleElement()
			.satisfies(requirement -> assertThat(requirement).containsKey("admin_key"));
		assertThat(codes(operations.get("GET /api/chat/premium").getResponses().get("401")))
			.containsExactly("invalid_token");
		assertThat(codes(operations.get("GET /api/chat/premium").getResponses().get("403")))
			.containsExactly("subscription_inactive", "tier_required");
		assertThat(codes(operations.get("GET /api/check").getResponses().get("403")))
			.containsExactly("subscription_inactive", "feature_not_included");
		assertThat(codes(operations.get("POST /api/create-portal-session").getResponses().get("422")))
			.containsExactly("idempotency_key_reused");
		assertThat(codes(operations.get("POST /api/token/claim").getResponses().get("409")))
			.containsExactly("already_claimed", "checkout_session_incomplete");
		assertThat(operations.get("POST /api/checkout").getSecurity()).isEmpty();
		assertThat(operations.get("POST /api/checkout").getResponses()).containsKey("201");
		assertThat(codes(operations.get("POST /api/checkout").getResponses().get("422")))
			.containsExactly("unknown_price", "invalid_quantity");
		assertThat(codes(operations.get("POST /api/checkout").getResponses().get("429")))
			.containsExactly("rate_limited");
		assertThat(operations.get("POST /api/upgrade").getResponses()).containsKeys("200", "201");
		assertThat(operations.get("POST /api/upgrade").getParameters()).extracting(parameter -> parameter.getName())
			.containsExactly("Idempotency-Key");
		assertThat(codes(operations.get("POST /api/upgrade").getResponses().get("422")))
			.containsExactly("idempotency_key_reused", "unknown_price", "invalid_quantity");
	}

	@Test
	void meteredOperationsDocumentTheRateLimitFieldsAndTheirRefusals() {
		Map<String, Operation> operations = operations(parse(description("/v3/api-docs", null)));

		operations.forEach((name, operation) -> {
			ApiResponse ok = operation.getResponses().get("200");
			Set<String> headers = (ok != null && ok.getHeaders() != null) ? ok.getHeaders().keySet() : Set.of();
			if (METERED.contains(name)) {
				assertThat(headers).as(name).containsExactlyInAnyOrder("RateLimit", "RateLimit-Policy");
				ApiResponse tooMany = operation.getResponses().get("429");
				assertThat(tooMany.getHeaders()).as(name).containsKeys("RateLimit", "RateLimit-Policy", "Retry-After");
				assertThat(codes(tooMany)).as(name).containsExactly("rate_limited", "quota_exceeded");
			}
			else {
				assertThat(headers).as(name).isEmpty();
			}
		});
	}

	@Test
	void describedPropertiesAreTheFieldsTheApiAnswers() {
		this.scenario.subscriptionIs("sub_1Described0001", "cus_QXgDescribed01", "active", BASIC, now() - 100);
		String token = this.scenario.tokenFor("cus_QXgDescribed01");
		OpenAPI published = parse(description("/v3/api-docs", null));

		for (String path : List.of("/api/subscription", "/api/chat")) {
			String answer = this.client.get()
				.uri(path)
				.header("Authorization", "Bearer " + token)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			Schema<?> described = schema(published,
					published.getPaths()
						.get(path)
						.getGet()
						.getResponses()
						.get("200")
						.getContent()
						.get("application/json"));

			assertThat(described.getProperties().keySet()).as(path)
				.containsExactlyInAnyOrderElementsOf(StripeFixtures.parse(answer).propertyNames());
		}
	}

	private String description(String path, String adminKey) {
		RestTestClient.RequestHeadersSpec<?> request = this.client.get().uri(path);
		if (adminKey != null) {
			request = request.header("Authorization", "Bearer " + adminKey);
		}
		return request.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
	}

	private static OpenAPI parse(String json) {
		return new OpenAPIV3Parser().readContents(json).getOpenAPI();
	}

	private static Map<String, Operation> operations(OpenAPI openApi) {
		return openApi.getPaths()
			.entrySet()
			.stream()
			.flatMap(path -> path.getValue()
				.readOperationsMap()
				.entrySet()
				.stream()
				.map(operation -> Map.entry(operation.getKey() + " " + path.getKey(), operation.getValue())))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
	}

	private static List<String> tagNames(OpenAPI openApi) {
		return openApi.getTags().stream().map(Tag::getName).toList();
	}

	/**
	 * The 4xx and 5xx answers, each of which must be a problem.
	 */
	private static Map<String, ApiResponse> problemAnswers(Operation operation) {
		return operation.getResponses()
			.entrySet()
			.stream()
			.filter(response -> response.getKey().startsWith("4") || response.getKey().startsWith("5"))
			.peek(response -> assertThat(response.getValue().getContent()).as(response.getKey())
				.containsOnlyKeys(PROBLEM_JSON))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	@SuppressWarnings("unchecked")
	private static List<Object> codes(ApiResponse response) {
		Schema<?> schema = response.getContent().get(PROBLEM_JSON).getSchema();
		assertThat(schema.getAllOf().get(0).get$ref()).isEqualTo("#/components/schemas/Problem");
		Schema<?> code = (Schema<?>) schema.getAllOf().get(1).getProperties().get("code");
		return (List<Object>) code.getEnum();
	}

	private static Schema<?> schema(OpenAPI openApi, MediaType mediaType) {
		String reference = mediaType.getSchema().get$ref();
		return openApi.getComponents().getSchemas().get(reference.substring(reference.lastIndexOf('/') + 1));
	}

}
