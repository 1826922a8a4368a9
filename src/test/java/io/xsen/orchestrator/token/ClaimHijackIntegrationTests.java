package io.xsen.orchestrator.token;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.StripeApiFake;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.inDays;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static io.xsen.orchestrator.support.ResponseBodies.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whoever learns a Checkout Session id after the customer claimed it (browser history, a
 * referrer, a shared screenshot) gets nothing and takes nothing away.
 */
@IntegrationTest
@CleanSlate
class ClaimHijackIntegrationTests {

	private static final String CUSTOMER = "cus_RHijack7Mn2pX";

	private static final String SUBSCRIPTION = "sub_1RHijackGuard3vK8qL";

	private static final String SESSION = "cs_test_b1HijackGuard6Yp3Nd8Ks";

	private static final String CHECKOUT_SESSIONS = "/v1/checkout/sessions/";

	@Autowired
	private RestTestClient client;

	@LocalServerPort
	private int port;

	@Autowired
	private AccessScenario scenario;

	@Autowired
	private DatabaseRows rows;

	@Test
	void aSecondClaimOfTheSameSessionIs409AlreadyClaimedAndChangesNothing() {
		StripeApiFake.checkoutSessionIs(checkout());
		JsonNode first = json(this.scenario.claim(SESSION).expectStatus().isCreated());
		String token = first.path("token").stringValue();
		int stripeCallsBefore = StripeApiFake.server().getAllServeEvents().size();

		expectProblem(this.scenario.claim(SESSION), HttpStatus.CONFLICT, "already_claimed");

		this.scenario.get("/api/chat", token).expectStatus().isOk();
		assertThat(this.rows.tokens(CUSTOMER)).singleElement()
			.satisfies(row -> assertThat(row).containsEntry("revoked_at", null).containsEntry("issued_via", "claim"));
		assertThat(StripeApiFake.server().getAllServeEvents()).as("answered without asking Stripe")
			.hasSize(stripeCallsBefore);
	}

	@Test
	void eightSimultaneousClaimsOfOneSessionYieldExactlyOneToken() throws Exception {
		StripeApiFake.checkoutSessionIs(checkout());
		int claims = 8;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		ExecutorService threads = Executors.newFixedThreadPool(claims);
		List<HttpResponse<String>> responses = new ArrayList<>();
		try {
			for (int i = 0; i < claims; i++) {
				answers.add(threads.submit(() -> {
					start.await();
					return http.send(claimRequest(HttpRequest.BodyPublishers.ofString(claimBody(SESSION))),
							HttpResponse.BodyHandlers.ofString());
				}));
			}
			start.countDown();
			for (Future<HttpResponse<String>> answer : answers) {
				responses.add(answer.get());
			}
		}
		finally {
			threads.shutdownNow();
		}

		List<HttpResponse<String>> created = responses.stream().filter(r -> r.statusCode() == 201).toList();
		assertThat(created).hasSize(1);
		assertThat(responses).filteredOn(r -> r.statusCode() != 201)
			.hasSize(claims - 1)
			.allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(409))
			.allSatisfy(r -> assertThat(r.body()).contains("\"code\":\"already_claimed\""));
		String token = StripeFixtures.parse(created.get(0).body()).path("token").stringValue();
		this.scenario.get("/api/chat", token).expectStatus().isOk();
		assertThat(this.rows.tokens(CUSTOMER)).filteredOn(row -> row.get("revoked_at") == null).hasSize(1);
		assertThat(this.rows.tokens(CUSTOMER)).as("no token was issued and revoked by a losing claim").hasSize(1);
	}

	@Test
	void aSessionIdStripeDoesNotKnowIsRememberedSoGuessesDoNotSpendStripeQuota() {
		StripeApiFake.checkoutSessionsAreUnknown();
		String guessed = "cs_test_guess" + System.nanoTime();

		for (int i = 0; i < 3; i++) {
			expectProblem(this.scenario.claim(guessed), HttpStatus.NOT_FOUND, "checkout_session_not_found");
		}

		assertThat(StripeApiFake.requestsTo(CHECKOUT_SESSIONS + guessed)).isEqualTo(1);
		assertThat(this.rows.count("auth_tokens")).isZero();
	}

	@Test
	void aClaimBodyOver16KibIs413BeforeAnythingIsDoneWhetherItsLengthIsDeclaredOrChunked() throws Exception {
		StripeApiFake.checkoutSessionIs(checkout());
		String oversized = "{\"checkout_session_id\":\"" + SESSION + "\",\"padding\":\"" + "x".repeat(16 * 1024)
				+ "\"}";

		expectProblem(this.client.post()
			.uri("/api/token/claim")
			.contentType(MediaType.APPLICATION_JSON)
			.body(oversized)
			.exchange(), HttpStatus.CONTENT_TOO_LARGE, "payload_too_large");

		byte[] bytes = oversized.getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> chunked = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.send(claimRequest(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))),
					HttpResponse.BodyHandlers.ofString());
		assertThat(chunked.statusCode()).isEqualTo(413);
		assertThat(chunked.headers().firstValue("Content-Type")).hasValue(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(chunked.body()).contains("\"code\":\"payload_too_large\"");

		assertThat(StripeApiFake.server().getAllServeEvents()).as("Stripe never asked").isEmpty();
		assertThat(this.rows.count("auth_tokens")).isZero();
		assertThat(this.rows.count("checkout_claims")).isZero();
	}

	@Test
	void aChunkedClaimWithinTheLimitIsReadAsUsual() throws Exception {
		StripeApiFake.checkoutSessionIs(checkout());
		byte[] bytes = claimBody(SESSION).getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> chunked = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.send(claimRequest(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))),
					HttpResponse.BodyHandlers.ofString());

		assertThat(chunked.statusCode()).isEqualTo(201);
		assertThat(chunked.body()).contains("\"token\":\"xsen_");
	}

	@Test
	void anOversizedBodyOnAnyApiEndpointIs413AndOpensNoPortalSession() {
		StripeApiFake.checkoutSessionIs(checkout());
		String token = json(this.scenario.claim(SESSION).expectStatus().isCreated()).path("token").stringValue();
		StripeApiFake.portalSessionsOpenAt("https://billing.stripe.com/p/session/test_oversized");

		expectProblem(this.client.post()
			.uri("/api/create-portal-session")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"padding\":\"" + "x".repeat(20_000) + "\"}")
			.exchange(), HttpStatus.CONTENT_TOO_LARGE, "payload_too_large");

		assertThat(StripeApiFake.portalSessionRequests()).isEmpty();
	}

	private HttpRequest claimRequest(HttpRequest.BodyPublisher body) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/token/claim"))
			.header("Content-Type", MediaType.APPLICATION_JSON_VALUE)
			.POST(body)
			.build();
	}

	private static String claimBody(String session) {
		return "{\"checkout_session_id\":\"" + session + "\"}";
	}

	private static void expectProblem(RestTestClient.ResponseSpec response, HttpStatus status, String code) {
		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo(code)
			.jsonPath("$.status")
			.isEqualTo(status.value());
	}

	private static ObjectNode checkout() {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", BASIC, inDays(30));
		subscription.put("created", now() - 60);
		ObjectNode session = StripeFixtures.completedCheckout(SESSION, CUSTOMER, SUBSCRIPTION, "hijack@example.com");
		session.put("created", now() - 120);
		session.set("subscription", subscription);
		return session;
	}

}
