package io.xsen.orchestrator.email;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser on the link pages: opens a page, keeps its CSRF cookie and form field, and
 * presses its button.
 */
final class LinkPages {

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Pattern CSRF_COOKIE = Pattern.compile("XSRF-TOKEN=([^;]+)");

	private final RestTestClient client;

	LinkPages(RestTestClient client) {
		this.client = client;
	}

	/** Opens a page that shows a button, and reads the form the button posts. */
	Form open(String path) {
		EntityExchangeResult<String> page = this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		String body = page.getResponseBody();
		Matcher field = CSRF_FIELD.matcher(body);
		assertThat(field.find()).as("a CSRF field in\n%s", body).isTrue();
		String setCookie = String.join(";", page.getResponseHeaders().getOrEmpty(HttpHeaders.SET_COOKIE));
		Matcher cookie = CSRF_COOKIE.matcher(setCookie);
		assertThat(cookie.find()).as("a CSRF cookie in %s", setCookie).isTrue();
		return new Form(path, body, field.group(1), cookie.group(1));
	}

	/** Presses the page's button as the browser would. */
	EntityExchangeResult<String> press(Form form) {
		return this.client.post()
			.uri(form.path())
			.cookie("XSRF-TOKEN", form.cookie())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body("_csrf=" + form.csrf())
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	String show(String path, HttpStatus status) {
		return this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	/** A page's form: its path, the page, the CSRF field and the cookie it pairs with. */
	record Form(String path, String page, String csrf, String cookie) {
	}

}
