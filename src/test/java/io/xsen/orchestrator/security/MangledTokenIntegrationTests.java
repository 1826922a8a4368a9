package io.xsen.orchestrator.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import io.xsen.orchestrator.support.AccessScenario;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.RawHttp;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.xsen.orchestrator.support.AccessScenario.BASIC;
import static io.xsen.orchestrator.support.AccessScenario.now;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand random and mangled bearer tokens, sent concurrently over real HTTP, are
 * each refused with a 401 {@code invalid_token} problem and a Bearer challenge, never a
 * 5xx.
 */
@IntegrationTest
class MangledTokenIntegrationTests {

	private static final String CUSTOMER = "cus_RMangled4Tokens9";

	private static final String SUBSCRIPTION = "sub_1RMangledTokensX7qW2";

	private static final int REQUESTS = 10_000;

	private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private static final String[] UNICODE = { "\u00e9", "\u0430", "\uff58", "\u200b", "\u00a0", "\ud83d\ude42",
			"\u2028", "\ufeff", "\u0301" };

	@LocalServerPort
	private int port;

	@Autowired
	private DatabaseRows rows;

	@Autowired
	private AccessScenario scenario;

	private String token;

	@BeforeEach
	void activeCustomerWithARealToken() {
		this.rows.clear();
		this.scenario.subscriptionIs(SUBSCRIPTION, CUSTOMER, "active", BASIC, now() - 100);
		this.token = this.scenario.tokenFor(CUSTOMER);
	}

	@Test
	void tenThousandRandomAndMangledTokensAreAll401InvalidTokenAndNeverA5xx() throws Exception {
		assertThat(send(List.of(ascii("Bearer " + this.token))).status()).as("the real token works").isEqualTo(200);
		Random random = new Random(5);
		List<Mangling> manglings = manglings();
		List<Attempt> attempts = new ArrayList<>();
		for (int i = 0; i < REQUESTS; i++) {
			Mangling mangling = manglings.get(i % manglings.size());
			attempts.add(new Attempt(mangling.name(), mangling.headers().apply(random)));
		}

		List<String> wrong = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<String>> answers = new ArrayList<>();
			for (Attempt attempt : attempts) {
				answers.add(pool.submit(() -> problemWith(attempt, send(attempt.headers()))));
			}
			for (Future<String> answer : answers) {
				String problem = answer.get();
				if (problem != null) {
					wrong.add(problem);
				}
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(wrong).as("requests not answered 401 invalid_token").isEmpty();
		assertThat(send(List.of(ascii("Bearer " + this.token))).status()).as("the real token still works")
			.isEqualTo(200);
		assertThat(this.rows.tokens(CUSTOMER)).singleElement()
			.satisfies(row -> assertThat(row).containsEntry("revoked_at", null));
	}

	@Test
	void headersHttpItselfForbidsAreRefusedBeforeTheApiAndNeverA5xx() {
		Random random = new Random(7);
		List<List<byte[]>> requests = new ArrayList<>();
		for (int control = 0; control < 0x20; control++) {
			if (control != '\t' && control != '\n') {
				requests.add(List.of(withByte(this.token, random.nextInt(this.token.length()), (byte) control)));
			}
		}
		requests.add(List.of(withByte(this.token, 10, (byte) 0x7f)));
		// Over the connector's 8 KiB request-header limit.
		requests.add(bearer(this.token + randomText(random, 9000, BASE64URL)));
		requests.add(bearer(randomText(random, 70_000, BASE64URL)));

		for (List<byte[]> request : requests) {
			RawHttp.Response response = send(request);
			assertThat(response.status()).as(new Attempt("forbidden by HTTP", request).describe())
				.isBetween(400, 499)
				.isNotEqualTo(404);
		}
		assertThat(send(List.of(ascii("Bearer " + this.token))).status()).isEqualTo(200);
	}

	private static byte[] withByte(String token, int at, byte inserted) {
		byte[] bytes = ascii("Bearer " + token);
		byte[] with = new byte[bytes.length + 1];
		System.arraycopy(bytes, 0, with, 0, 7 + at);
		with[7 + at] = inserted;
		System.arraycopy(bytes, 7 + at, with, 8 + at, bytes.length - 7 - at);
		return with;
	}

	private RawHttp.Response send(List<byte[]> headers) {
		return RawHttp.get(this.port, "/api/chat", headers);
	}

	// Null when the answer is the 401 invalid_token problem RFC 6750 asks for.
	private static String problemWith(Attempt attempt, RawHttp.Response response) {
		String challenge = response.header("WWW-Authenticate");
		String type = response.header("Content-Type");
		JsonNode body = (response.body().startsWith("{")) ? StripeFixtures.parse(response.body()) : null;
		boolean refused = response.status() == 401 && challenge != null && challenge.startsWith("Bearer")
				&& type != null && type.startsWith("application/problem+json") && body != null
				&& "invalid_token".equals(body.path("code").stringValue()) && body.path("status").asInt() == 401;
		return refused ? null : attempt.name() + " " + attempt.describe() + " -> " + response.status() + " " + challenge
				+ " " + response.body();
	}

	private List<Mangling> manglings() {
		String real = this.token;
		List<Mangling> manglings = new ArrayList<>();
		manglings.add(new Mangling("random printable", r -> bearer(randomText(r, r.nextInt(120), printable()))));
		manglings.add(new Mangling("random base64url", r -> bearer(randomText(r, 1 + r.nextInt(120), BASE64URL))));
		manglings.add(new Mangling("prefix, wrong length", r -> {
			int length = r.nextInt(100);
			return bearer("xsen_" + randomText(r, (length == 43) ? 44 : length, BASE64URL));
		}));
		manglings.add(new Mangling("valid shape, unknown", r -> bearer("xsen_" + randomText(r, 43, BASE64URL))));
		manglings.add(new Mangling("one character changed", r -> {
			char[] chars = real.toCharArray();
			int at = r.nextInt(chars.length);
			char other;
			do {
				other = BASE64URL.charAt(r.nextInt(BASE64URL.length()));
			}
			while (other == chars[at]);
			chars[at] = other;
			return bearer(new String(chars));
		}));
		manglings.add(new Mangling("truncated", r -> bearer(real.substring(0, r.nextInt(real.length())))));
		manglings.add(new Mangling("extended", r -> bearer(real + randomText(r, 1 + r.nextInt(20), BASE64URL))));
		manglings.add(new Mangling("whitespace inside", r -> {
			// Not at the end: trailing whitespace is not part of a header value.
			int at = r.nextInt(real.length());
			String space = List.of(" ", "\t", "  ", " \t ").get(r.nextInt(4));
			return bearer(real.substring(0, at) + space + real.substring(at));
		}));
		manglings.add(new Mangling("unicode inside", r -> {
			int at = r.nextInt(real.length() + 1);
			return bearer(real.substring(0, at) + UNICODE[r.nextInt(UNICODE.length)] + real.substring(at));
		}));
		manglings.add(new Mangling("unicode look-alike", r -> {
			int at = 5 + r.nextInt(real.length() - 5);
			return bearer(real.substring(0, at) + UNICODE[r.nextInt(UNICODE.length)] + real.substring(at + 1));
		}));
		manglings
			.add(new Mangling("huge header", r -> bearer(real + randomText(r, 1000 + r.nextInt(6000), BASE64URL))));
		manglings.add(new Mangling("lower-case scheme", r -> List.of(ascii("bearer " + mangled(r, real)))));
		manglings.add(new Mangling("upper-case scheme", r -> List.of(ascii("BEARER " + mangled(r, real)))));
		manglings.add(new Mangling("missing scheme", r -> List.of(ascii(r.nextBoolean() ? real : mangled(r, real)))));
		manglings.add(new Mangling("Basic scheme", r -> List.of(ascii("Basic " + (r.nextBoolean() ? real
				: Base64.getEncoder().encodeToString((CUSTOMER + ":" + real).getBytes(StandardCharsets.UTF_8)))))));
		manglings.add(new Mangling("other scheme",
				r -> List.of(ascii(List
					.of("Token ", "Bearer: ", "Bearer=", "Bearer\t", "Bearer  ", "Bearerxsen_", "OAuth ", "Digest ")
					.get(r.nextInt(8)) + real))));
		manglings.add(new Mangling("several Authorization headers", r -> {
			List<byte[]> headers = new ArrayList<>();
			for (int i = 0, n = 2 + r.nextInt(3); i < n; i++) {
				headers.add(ascii("Bearer " + mangled(r, real)));
			}
			return headers;
		}));
		manglings.add(new Mangling("scheme only",
				r -> List.of(ascii(List.of("Bearer", "Bearer ", "", " ", "xsen_").get(r.nextInt(5))))));
		manglings.add(new Mangling("no header", r -> List.of()));
		return manglings;
	}

	private static String mangled(Random random, String real) {
		int at = 5 + random.nextInt(real.length() - 5);
		char replaced = (real.charAt(at) == 'A') ? 'B' : 'A';
		return real.substring(0, at) + replaced + real.substring(at + 1);
	}

	private static List<byte[]> bearer(String token) {
		return List.of(("Bearer " + token).getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static String printable() {
		StringBuilder chars = new StringBuilder();
		for (char c = 0x20; c < 0x7f; c++) {
			chars.append(c);
		}
		return chars.toString();
	}

	private static String randomText(Random random, int length, String alphabet) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

	/**
	 * One way of getting a token wrong: a name and the Authorization headers it sends.
	 */
	private record Mangling(String name, Function<Random, List<byte[]>> headers) {
	}

	/**
	 * One request of the storm.
	 */
	private record Attempt(String name, List<byte[]> headers) {

		String describe() {
			List<String> shown = new ArrayList<>();
			for (byte[] header : this.headers) {
				String text = new String(header, StandardCharsets.UTF_8);
				shown.add((text.length() > 80) ? text.substring(0, 80) + "...(" + text.length() + ")" : text);
			}
			return shown.toString();
		}

	}

}
