package io.xsen.orchestrator.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SignedWebhooks;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AdminApi.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators' requests with parameters no lookup can use (control bytes, pages past the
 * last one, sizes over the maximum, words for numbers) are answered 400 problem+json,
 * never 5xx.
 */
@IntegrationTest
@CleanSlate
class AdminInputIntegrationTests {

	private static final long T0 = 1_764_000_000L;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private RestTestClient client;

	@Autowired
	private DatabaseRows rows;

	static Stream<Arguments> invalidRequests() {
		return Stream.of(Arguments.of("GET", "/admin/events?type=%00"),
				Arguments.of("GET", "/admin/events?type=customer.%00created"),
				Arguments.of("GET", "/admin/events?type=a%0Ab"), Arguments.of("GET", "/admin/events?status=%00"),
				Arguments.of("GET", "/admin/events?page=2147483647"),
				Arguments.of("GET", "/admin/events?page=2147483647&size=100"),
				Arguments.of("GET", "/admin/events?page=1"), Arguments.of("GET", "/admin/events?page=-1"),
				Arguments.of("GET", "/admin/events?page=abc"), Arguments.of("GET", "/admin/events?page=99999999999"),
				Arguments.of("GET", "/admin/events?size=101"), Arguments.of("GET", "/admin/events?size=2147483647"),
				Arguments.of("GET", "/admin/events?size=0"), Arguments.of("GET", "/admin/events?size=ten"),
				Arguments.of("GET", "/admin/events?page=%00"), Arguments.of("GET", "/admin/subscriptions?email=%00"),
				Arguments.of("GET", "/admin/subscriptions?email=grace%00@example.com"),
				Arguments.of("GET", "/admin/subscriptions?email=grace%0D%0A@example.com"),
				Arguments.of("GET", "/admin/subscriptions/cus%00x"), Arguments.of("GET", "/admin/subscriptions/%00"),
				Arguments.of("GET", "/admin/subscriptions/cus%0Ax"),
				Arguments.of("POST", "/admin/customers/cus%00/sync"),
				Arguments.of("POST", "/admin/customers/%00/tokens"),
				Arguments.of("POST", "/admin/customers/cus%01x/tokens"),
				Arguments.of("POST", "/admin/events/evt%00/replay"), Arguments.of("POST", "/admin/events/%00/replay"));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("invalidRequests")
	void anInvalidParameterIs400ProblemJson(String method, String path) throws Exception {
		// One event, so that page 1 of 20 lies past the last page.
		SignedWebhooks
			.deliver(this.client,
					StripeFixtures
						.event("evt_admin_input", "customer.created", T0, StripeFixtures.load("customer"),
								StripeFixtures.CURRENT_API_VERSION)
						.toString())
			.expectStatus()
			.isOk();

		HttpResponse<String> response = send(method, path);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = StripeFixtures.parse(response.body());
		assertThat(problem.path("status").intValue()).isEqualTo(400);
		assertThat(problem.path("code").stringValue()).isNotBlank();
		assertThat(this.rows.count("subscriptions")).isZero();
		assertThat(this.rows.count("auth_tokens")).isZero();
	}

	@Test
	void theLastRealPageAndAnEmptyFirstPageAreStillAnswered() throws Exception {
		assertThat(send("GET", "/admin/events?page=0").statusCode()).isEqualTo(200);
		SignedWebhooks
			.deliver(this.client,
					StripeFixtures
						.event("evt_admin_page", "customer.created", T0, StripeFixtures.load("customer"),
								StripeFixtures.CURRENT_API_VERSION)
						.toString())
			.expectStatus()
			.isOk();
		assertThat(send("GET", "/admin/events?page=0&size=1").statusCode()).isEqualTo(200);
		assertThat(send("GET", "/admin/events?page=1&size=1").statusCode()).isEqualTo(400);
		assertThat(send("GET", "/admin/events?type=customer.created&size=100").statusCode()).isEqualTo(200);
		assertThat(send("GET", "/admin/subscriptions?email=grace@example.com").statusCode()).isEqualTo(200);
		assertThat(send("GET", "/admin/subscriptions/cus_QXgUnknown0001").statusCode()).isEqualTo(404);
	}

	// The JDK client sends the percent-encoded bytes exactly as written.
	private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
