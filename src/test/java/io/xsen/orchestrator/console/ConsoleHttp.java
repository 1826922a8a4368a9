package io.xsen.orchestrator.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser's console traffic at the HTTP level: the session cookie kept by hand, no
 * redirect followed, so tests see each status, header and cookie attribute as sent.
 */
final class ConsoleHttp {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private final int port;

	private String session = "";

	ConsoleHttp(int port) {
		this.port = port;
	}

	HttpResponse<String> get(String path, String... headers) {
		return send(request(path, headers).GET());
	}

	HttpResponse<String> post(String path, Map<String, String> form, String... headers) {
		String body = form.entrySet()
			.stream()
			.map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * Posts the sign-in form with {@code key} and the CSRF token of a fresh form.
	 */
	HttpResponse<String> signIn(String key, String... headers) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("_csrf", csrfTokenOf(get("/console/login", headers)));
		form.put("key", key);
		return post("/console/login", form, headers);
	}

	static String csrfTokenOf(HttpResponse<String> page) {
		Matcher matcher = CSRF.matcher(page.body());
		if (!matcher.find()) {
			throw new IllegalStateException("No CSRF token on the page: " + page.body());
		}
		return matcher.group(1);
	}

	private HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (!this.session.isEmpty()) {
			request.header("Cookie", this.session);
		}
		if (headers.length > 0) {
			request.headers(headers);
		}
		return request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			response.headers()
				.allValues("Set-Cookie")
				.stream()
				.filter(cookie -> cookie.startsWith("JSESSIONID="))
				.findFirst()
				.ifPresent(cookie -> this.session = cookie.substring(0, cookie.indexOf(';')));
			return response;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
