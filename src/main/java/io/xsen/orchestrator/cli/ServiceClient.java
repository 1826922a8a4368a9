package io.xsen.orchestrator.cli;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain HTTP calls to a running XSEN service, for the commands that exercise one from
 * outside.
 */
final class ServiceClient {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private static final JsonMapper json = JsonMapper.builder().build();

	// Cookies kept, so a page's CSRF cookie goes back with its form.
	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(TIMEOUT)
		.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
		.build();

	private final String baseUrl;

	ServiceClient(String baseUrl) {
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
	}

	String baseUrl() {
		return this.baseUrl;
	}

	Reply get(String path, @Nullable String token) throws IOException, InterruptedException {
		return send(request(path, token).GET());
	}

	Reply post(String path, @Nullable String token) throws IOException, InterruptedException {
		return send(request(path, token).POST(HttpRequest.BodyPublishers.noBody()));
	}

	Reply postJson(String path, String body, @Nullable String stripeSignature)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = request(path, null).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (stripeSignature != null) {
			request.header("Stripe-Signature", stripeSignature);
		}
		return send(request);
	}

	Reply postForm(String path, String field, String value) throws IOException, InterruptedException {
		String form = URLEncoder.encode(field, StandardCharsets.UTF_8) + "="
				+ URLEncoder.encode(value, StandardCharsets.UTF_8);
		return send(request(path, null).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	private HttpRequest.Builder request(String path, @Nullable String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(TIMEOUT);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		return new Reply(response.statusCode(), response.body());
	}

	/**
	 * A response: its status and body, read as JSON where it is JSON.
	 */
	record Reply(int status, String body) {

		JsonNode json() {
			try {
				JsonNode node = ServiceClient.json.readTree(this.body);
				return (node != null) ? node : ServiceClient.json.missingNode();
			}
			catch (JacksonException ex) {
				return ServiceClient.json.missingNode();
			}
		}

		String text(String field) {
			return json().path(field).asString("");
		}

	}

}
