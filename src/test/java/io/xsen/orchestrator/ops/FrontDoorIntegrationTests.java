package io.xsen.orchestrator.ops;

import io.xsen.orchestrator.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser on the service's address: {@code /} is a public, cacheable page that says
 * what XSEN is and links to the console, the API description and health, and the favicon
 * is an image, both without a token.
 */
@IntegrationTest
class FrontDoorIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Test
	void theFrontDoorIsAPublicCacheablePageLinkingToTheConsoleTheApiDescriptionAndHealth() {
		String page = this.client.get()
			.uri("/")
			.header(HttpHeaders.ACCEPT, "text/html")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/html")
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=3600, public")
			.expectHeader()
			.doesNotExist(HttpHeaders.SET_COOKIE)
			.expectHeader()
			.doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(page).contains("<title>XSEN Orchestrator</title>")
			.contains("Stripe subscriptions into API access")
			.contains("href=\"/console\"")
			.contains("href=\"/v3/api-docs\"")
			.contains("href=\"/health\"");
	}

	@Test
	void theFaviconIsAnImageServedWithoutAToken() {
		byte[] icon = this.client.get()
			.uri("/favicon.ico")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value(HttpHeaders.CONTENT_TYPE, type -> assertThat(type).startsWith("image/"))
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();

		// An ICO file: reserved 0, type 1.
		assertThat(icon).startsWith(0, 0, 1, 0);
	}

	@Test
	void theFrontDoorTakesNoPostAndOtherPathsStillNeedAToken() {
		this.client.post().uri("/").exchange().expectStatus().isForbidden();
		this.client.get().uri("/anything").exchange().expectStatus().isUnauthorized();
	}

}
