package io.xsen.orchestrator.ops;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.models.GroupedOpenApi;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * The OpenAPI descriptions a chatbot platform imports: the public one at
 * {@code /v3/api-docs} (Stripe's webhook, the token claim, checkout links, the customer
 * API) and the operator one at {@code /v3/api-docs/operator}, which the admin key guards
 * like the endpoints it describes. Each operation states its security, its problem
 * answers with their {@code code} values, and on metered endpoints the RateLimit fields.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

	static final String CUSTOMER_TOKEN = "customer_token";

	static final String ADMIN_KEY = "admin_key";

	static final String STRIPE_SIGNATURE = "stripe_signature";

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final String ADMIN_PATHS = "/admin/";

	private static final String PROBLEM = "Problem";

	private static final String RATE_LIMIT = "RateLimit";

	private static final String RATE_LIMIT_POLICY = "RateLimit-Policy";

	private static final String RETRY_AFTER = "Retry-After";

	private static final Pattern SCHEMA_REFERENCE = Pattern.compile("#/components/schemas/([^\"/]+)");

	/**
	 * The capabilities an operation is tagged with, in the order a reader meets them.
	 */
	private static final Map<String, String> TAGS = tags("Chat", "What a chatbot calls with the customer's token",
			"Subscription", "The customer's own subscription and Stripe's billing portal", "Features",
			"The features (Stripe Entitlements) the customer's plan includes", "Usage",
			"Messages used in the billing period", "Plans",
			"Buying a plan through Stripe Checkout, and changing it through Stripe's billing portal", "Tokens",
			"Claiming, rotating and revoking XSEN tokens", "Access links",
			"A one-time link by email for a customer who lost the token", "Webhooks",
			"Stripe's deliveries of subscription events", "Health", "Whether the service and its database are up",
			"Subscriptions", "What XSEN holds for a customer, and its repair from Stripe", "Events",
			"The inbox of Stripe events", "Emails", "The outbox of emails to customers", "Catalog",
			"Stripe's products and prices, the source of the tiers");

	/**
	 * The endpoints whose calls are counted against the tier's limits (see the usage
	 * package): their answers carry the RateLimit fields.
	 */
	private static final Set<String> METERED = Set.of("GET /api/chat", "GET /api/chat/premium");

	/**
	 * The customer endpoints that replay an answer for a repeated
	 * {@code Idempotency-Key}.
	 */
	private static final Set<String> REPLAYABLE = Set.of("GET /api/chat", "GET /api/chat/premium",
			"GET /api/subscription", "GET /api/usage", "POST /api/create-portal-session", "POST /api/upgrade");

	/**
	 * Each operation's problem answers besides the 401 of its security scheme (and those
	 * of the Idempotency-Key and of metering), with the {@code code} values each can
	 * carry.
	 */
	private static final Map<String, List<Problems>> PROBLEMS = Map.ofEntries(Map.entry("POST /webhooks/stripe",
			List.of(new Problems(400, "invalid_signature", "malformed_payload"), new Problems(413, "payload_too_large"),
					new Problems(422, "unprocessable_event"), new Problems(503, "stripe_unavailable"))),
			Map.entry("POST /api/token/claim",
					List.of(new Problems(400, "invalid_request"), new Problems(404, "checkout_session_not_found"),
							new Problems(409, "already_claimed", "checkout_session_incomplete"),
							new Problems(410, "claim_window_closed"),
							new Problems(422, "checkout_session_not_subscription"), new Problems(429, "rate_limited"),
							new Problems(503, "stripe_unavailable"))),
			Map.entry("POST /api/checkout",
					List.of(new Problems(400, "invalid_request", "invalid_idempotency_key"),
							new Problems(422, "unknown_price", "invalid_quantity"), new Problems(429, "rate_limited"),
							new Problems(502, "stripe_error"), new Problems(503, "stripe_unavailable"))),
			Map.entry("POST /api/upgrade",
					List.of(new Problems(400, "invalid_request"),
							new Problems(409, "already_on_plan", "plan_change_unavailable"),
							new Problems(422, "unknown_price", "invalid_quantity"), new Problems(502, "stripe_error"),
							new Problems(503, "stripe_unavailable"))),
			Map.entry("POST /api/token/rotate", List.of()), Map.entry("DELETE /api/token", List.of()),
			Map.entry("POST /api/access-link",
					List.of(new Problems(400, "invalid_request"), new Problems(429, "rate_limited"))),
			Map.entry("GET /health", List.of()),
			Map.entry("GET /api/subscription", List.of(new Problems(403, "subscription_inactive"))),
			Map.entry("GET /api/usage", List.of(new Problems(403, "subscription_inactive"))),
			Map.entry("POST /api/create-portal-session",
					List.of(new Problems(403, "subscription_inactive"), new Problems(503, "stripe_unavailable"))),
			Map.entry("GET /api/entitlements", List.of(new Problems(403, "subscription_inactive"))),
			Map.entry("GET /api/check",
					List.of(new Problems(400, "invalid_request"),
							new Problems(403, "subscription_inactive", "feature_not_included"))),
			Map.entry("POST /admin/catalog/sync",
					List.of(new Problems(502, "stripe_error"), new Problems(503, "stripe_unavailable"))),
			Map.entry("GET /api/chat", List.of(new Problems(403, "subscription_inactive", "tier_required"))),
			Map.entry("GET /api/chat/premium", List.of(new Problems(403, "subscription_inactive", "tier_required"))),
			Map.entry("GET /admin/events", List.of(new Problems(400, "invalid_request"))),
			Map.entry("POST /admin/events/{eventId}/replay",
					List.of(new Problems(400, "invalid_request"), new Problems(404, "event_not_found"),
							new Problems(422, "unprocessable_event"), new Problems(503, "stripe_unavailable"))),
			Map.entry("GET /admin/subscriptions", List.of(new Problems(400, "invalid_request"))),
			Map.entry("GET /admin/subscriptions/{customerId}",
					List.of(new Problems(400, "invalid_request"), new Problems(404, "customer_not_found"))),
			Map.entry("POST /admin/customers/{customerId}/sync",
					List.of(new Problems(400, "invalid_request"), new Problems(404, "customer_not_found"),
							new Problems(502, "stripe_error"), new Problems(503, "stripe_unavailable"))),
			Map.entry("POST /admin/customers/{customerId}/tokens",
					List.of(new Problems(400, "invalid_request"), new Problems(404, "customer_not_found"))),
			Map.entry("GET /admin/customers/{customer_id}/usage",
					List.of(new Problems(400, "invalid_request"), new Problems(404, "customer_not_found"))),
			Map.entry("GET /admin/emails", List.of(new Problems(400, "invalid_request"))),
			Map.entry("POST /admin/emails/{id}/resend", List.of(new Problems(404, "email_not_found"))),
			Map.entry("GET /admin/emails/{id}/printed", List.of(new Problems(404, "email_not_printed"))));

	/**
	 * The customer API's paths that need no token: the Checkout claim, the emailed link,
	 * the checkout link.
	 */
	private static final Set<String> PUBLIC_API_PATHS = Set.of("/api/token/claim", "/api/access-link", "/api/checkout");

	@Bean
	OpenAPI xsenOpenApi(ObjectProvider<BuildProperties> build,
			@Value("${xsen.mail.public-base-url:}") String publicBaseUrl) {
		BuildProperties properties = build.getIfAvailable();
		return new OpenAPI()
			.info(new Info().title("XSEN Orchestrator")
				.version((properties != null) ? properties.getVersion() : "development")
				.description("Turns Stripe subscriptions into bearer-token API access for chatbots. Every refusal "
						+ "is an RFC 9457 problem (application/problem+json) whose `code` says what happened.")
				.license(new License().name("MIT").identifier("MIT")))
			// PUBLIC_BASE_URL, as the emails' links: not whatever host the request named.
			.servers(List.of(new Server().url(publicBaseUrl.replaceAll("/+$", ""))
				.description("This XSEN service (PUBLIC_BASE_URL)")))
			.components(new Components()
				.addSecuritySchemes(CUSTOMER_TOKEN,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("A customer's XSEN token (xsen_...), from /api/token/claim or support"))
				.addSecuritySchemes(ADMIN_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.description("The operator key, ADMIN_API_KEY; admin endpoints answer 404 while it is unset"))
				.addSecuritySchemes(STRIPE_SIGNATURE,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("Stripe-Signature")
							.description("Stripe's signature of the raw body with the endpoint's signing secret "
									+ "(STRIPE_WEBHOOK_SECRET)")));
	}

	/**
	 * Properties named as the API writes them ({@code spring.jackson}'s snake_case), so a
	 * client built from the description sends and reads the same names.
	 */
	@Bean
	ModelConverter snakeCaseProperties() {
		return new ModelResolver(Json31.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

	/**
	 * The public description: everything but the operator endpoints and what only they
	 * use.
	 */
	@Bean
	OpenApiCustomizer publicDescription() {
		return openApi -> {
			openApi.getPaths().keySet().removeIf(path -> path.startsWith(ADMIN_PATHS));
			openApi.getComponents().getSecuritySchemes().remove(ADMIN_KEY);
			dropUnusedSchemas(openApi);
			describe(openApi);
		};
	}

	@Bean
	GroupedOpenApi operatorDescription() {
		return GroupedOpenApi.builder()
			.group("operator")
			.displayName("XSEN operator API")
			.pathsToMatch(ADMIN_PATHS + "**")
			.addOpenApiCustomizer(openApi -> {
				openApi.getComponents().getSecuritySchemes().keySet().retainAll(Set.of(ADMIN_KEY));
				describe(openApi);
			})
			.build();
	}

	private static void describe(OpenAPI openApi) {
		Components components = openApi.getComponents().addSchemas(PROBLEM, problemSchema());
		Set<String> used = new TreeSet<>();
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			String key = method.name() + " " + path;
			String scheme = schemeFor(path);
			operation.setSecurity((scheme != null) ? List.of(new SecurityRequirement().addList(scheme)) : List.of());
			if (STRIPE_SIGNATURE.equals(scheme) && operation.getParameters() != null) {
				// The scheme names the header: no parameter asks for it again.
				operation.getParameters().removeIf(parameter -> "Stripe-Signature".equals(parameter.getName()));
			}
			Map<Integer, List<String>> problems = new TreeMap<>();
			if (CUSTOMER_TOKEN.equals(scheme) || ADMIN_KEY.equals(scheme)) {
				add(problems, new Problems(401, "invalid_token"));
			}
			if (REPLAYABLE.contains(key)) {
				operation.addParametersItem(idempotencyKey());
				add(problems, new Problems(400, "invalid_idempotency_key"));
				add(problems, new Problems(409, "idempotency_key_in_use"));
				add(problems, new Problems(422, "idempotency_key_reused"));
			}
			if (METERED.contains(key)) {
				add(problems, new Problems(429, "rate_limited", "quota_exceeded"));
			}
			PROBLEMS.getOrDefault(key, List.of()).forEach(answer -> add(problems, answer));
			ApiResponses responses = operation.getResponses();
			problems.forEach((status, codes) -> responses.addApiResponse(String.valueOf(status),
					problemAnswer(status, codes, status == 429 || status == 503)));
			if (problems.containsKey(429) || problems.containsKey(503)) {
				components.addHeaders(RETRY_AFTER, header("Seconds to wait before trying again"));
			}
			if (METERED.contains(key)) {
				components
					.addHeaders(RATE_LIMIT, header("The quota left in each policy's window: r remaining, t seconds "
							+ "until the window resets, such as \"minute\";r=59;t=42, \"period\";r=9990;t=86400"))
					.addHeaders(RATE_LIMIT_POLICY, header("The tier's limits: q requests or messages per window of "
							+ "w seconds, such as \"minute\";q=60;w=60, \"period\";q=10000;w=2592000"));
				responses.forEach((status, response) -> {
					if (status.startsWith("2") || status.equals("429")) {
						response.addHeaderObject(RATE_LIMIT, new Header().$ref(RATE_LIMIT))
							.addHeaderObject(RATE_LIMIT_POLICY, new Header().$ref(RATE_LIMIT_POLICY));
					}
				});
			}
			if (operation.getTags() != null) {
				used.addAll(operation.getTags());
			}
		}));
		openApi.setTags(TAGS.entrySet()
			.stream()
			.filter(tag -> used.contains(tag.getKey()))
			.map(tag -> new Tag().name(tag.getKey()).description(tag.getValue()))
			.toList());
	}

	/**
	 * Drops the schemas that no remaining operation reaches, directly or through another
	 * schema.
	 */
	private static void dropUnusedSchemas(OpenAPI openApi) {
		Map<String, Schema> schemas = openApi.getComponents().getSchemas();
		Set<String> reached = new HashSet<>();
		Deque<Object> unread = new ArrayDeque<>(List.of(openApi.getPaths()));
		while (!unread.isEmpty()) {
			Matcher reference = SCHEMA_REFERENCE.matcher(Json31.pretty(unread.pop()));
			while (reference.find()) {
				String name = reference.group(1);
				if (reached.add(name) && schemas.containsKey(name)) {
					unread.push(schemas.get(name));
				}
			}
		}
		schemas.keySet().retainAll(reached);
	}

	private static void add(Map<Integer, List<String>> problems, Problems answer) {
		List<String> codes = problems.computeIfAbsent(answer.status(), status -> new ArrayList<>());
		Arrays.stream(answer.codes()).filter(code -> !codes.contains(code)).forEach(codes::add);
	}

	private static ApiResponse problemAnswer(int status, List<String> codes, boolean retryAfter) {
		Schema<Object> codeEnum = new Schema<>().types(Set.of("object"))
			.addProperty("code", new Schema<>().types(Set.of("string"))._enum(new ArrayList<>(codes)));
		ApiResponse response = new ApiResponse()
			.description(HttpStatus.valueOf(status).getReasonPhrase() + ": " + String.join(", ", codes))
			.content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(
					new Schema<>().allOf(List.of(new Schema<>().$ref("#/components/schemas/" + PROBLEM), codeEnum)))));
		if (retryAfter) {
			response.addHeaderObject(RETRY_AFTER, new Header().$ref(RETRY_AFTER));
		}
		return response;
	}

	private static Schema<Object> problemSchema() {
		return new Schema<>().types(Set.of("object"))
			.description("An RFC 9457 problem; code is stable, detail is for people")
			.addProperty("type", new Schema<>().types(Set.of("string")).example("about:blank"))
			.addProperty("title", new Schema<>().types(Set.of("string")))
			.addProperty("status", new Schema<>().types(Set.of("integer")).format("int32"))
			.addProperty("detail", new Schema<>().types(Set.of("string")))
			.addProperty("instance", new Schema<>().types(Set.of("string")))
			.addProperty("code", new Schema<>().types(Set.of("string")).description("What happened, for a program"))
			.required(List.of("status", "code"));
	}

	private static Header header(String description) {
		return new Header().description(description).schema(new Schema<>().types(Set.of("string")));
	}

	private static HeaderParameter idempotencyKey() {
		return (HeaderParameter) new HeaderParameter().name("Idempotency-Key")
			.required(false)
			.description("Up to 255 printable ASCII characters: a retry with the same key within 24 hours gets "
					+ "the first answer again")
			.schema(new Schema<>().types(Set.of("string")).maxLength(255));
	}

	private static @Nullable String schemeFor(String path) {
		if (path.startsWith(ADMIN_PATHS)) {
			return ADMIN_KEY;
		}
		if (path.equals("/webhooks/stripe")) {
			return STRIPE_SIGNATURE;
		}
		if (path.startsWith("/api/") && !PUBLIC_API_PATHS.contains(path)) {
			return CUSTOMER_TOKEN;
		}
		return null;
	}

	private static Map<String, String> tags(String... namesAndDescriptions) {
		Map<String, String> tags = new LinkedHashMap<>();
		for (int i = 0; i < namesAndDescriptions.length; i += 2) {
			tags.put(namesAndDescriptions[i], namesAndDescriptions[i + 1]);
		}
		return tags;
	}

	/**
	 * The problems an operation answers with one status, and the codes they carry.
	 */
	private record Problems(int status, String... codes) {
	}

}
