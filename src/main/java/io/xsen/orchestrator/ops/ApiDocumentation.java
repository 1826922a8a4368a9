package io.xsen.orchestrator.ops;

import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.models.GroupedOpenApi;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI descriptions: the public one at {@code /v3/api-docs} (Stripe's webhook, the
 * token claim, the customer API) and the operator one at {@code /v3/api-docs/operator},
 * which the admin key guards like the endpoints it describes.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

	static final String CUSTOMER_TOKEN = "customer_token";

	static final String ADMIN_KEY = "admin_key";

	private static final String ADMIN_PATHS = "/admin/";

	/**
	 * The customer API's paths that need no token: the Checkout claim, the emailed link.
	 */
	private static final Set<String> PUBLIC_API_PATHS = Set.of("/api/token/claim", "/api/access-link");

	@Bean
	OpenAPI xsenOpenApi() {
		return new OpenAPI()
			.info(new Info().title("XSEN Orchestrator")
				.description("Turns Stripe subscriptions into bearer-token API access for chatbots.")
				.license(new License().name("MIT")))
			.components(new Components()
				.addSecuritySchemes(CUSTOMER_TOKEN,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("A customer's XSEN token (xsen_...), from /api/token/claim or support"))
				.addSecuritySchemes(ADMIN_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.description("The operator key, ADMIN_API_KEY; admin endpoints answer 404 while it is unset")));
	}

	/**
	 * The public description: everything but the operator endpoints, each operation
	 * marked with the scheme the security chain asks of its path.
	 */
	@Bean
	OpenApiCustomizer publicDescription() {
		return openApi -> {
			openApi.getPaths().keySet().removeIf(path -> path.startsWith(ADMIN_PATHS));
			openApi.getComponents().getSecuritySchemes().remove(ADMIN_KEY);
			requireSchemes(openApi);
		};
	}

	@Bean
	GroupedOpenApi operatorDescription() {
		return GroupedOpenApi.builder()
			.group("operator")
			.displayName("XSEN operator API")
			.pathsToMatch(ADMIN_PATHS + "**")
			.addOpenApiCustomizer(ApiDocumentation::requireSchemes)
			.build();
	}

	private static void requireSchemes(OpenAPI openApi) {
		openApi.getPaths().forEach((path, item) -> {
			String scheme = schemeFor(path);
			if (scheme != null) {
				item.readOperations()
					.forEach(operation -> operation.setSecurity(List.of(new SecurityRequirement().addList(scheme))));
			}
		});
	}

	private static @Nullable String schemeFor(String path) {
		if (path.startsWith(ADMIN_PATHS)) {
			return ADMIN_KEY;
		}
		if (path.startsWith("/api/") && !PUBLIC_API_PATHS.contains(path)) {
			return CUSTOMER_TOKEN;
		}
		return null;
	}

}
