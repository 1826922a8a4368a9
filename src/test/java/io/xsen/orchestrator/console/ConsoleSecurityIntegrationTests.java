package io.xsen.orchestrator.console;

import java.net.http.HttpResponse;
import java.util.Map;

import io.xsen.orchestrator.support.AdminApi;
import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SignedWebhooks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's chain at the HTTP level: a session cookie a script or another site cannot
 * use, no action without the form's CSRF token, nothing but the sign-in form without a
 * session, and the API's answers as before.
 */
@IntegrationTest
@CleanSlate
class ConsoleSecurityIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private RestTestClient client;

	private ConsoleHttp browser;

	@BeforeEach
	void newBrowser() {
		this.browser = new ConsoleHttp(this.port);
	}

	@Test
	void theRightKeyStartsASessionWhoseCookieIsHttpOnlyAndSameSiteStrict() {
		HttpResponse<String> signedIn = this.browser.signIn(AdminApi.ADMIN_KEY);

		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location"))
			.hasValueSatisfying(to -> assertThat(to).endsWith("/console"));
		assertThat(signedIn.headers().allValues("Set-Cookie")).singleElement().satisfies(cookie -> {
			assertThat(cookie).startsWith("JSESSIONID=")
				.contains("; Path=/console")
				.contains("; HttpOnly")
				.contains("; SameSite=Strict")
				.doesNotContain("Secure");
		});
		assertThat(this.browser.get("/console").statusCode()).isEqualTo(200);
	}

	@Test
	void theCookieIsSecureWhenTheRequestReachedThePlatformOverHttps() {
		HttpResponse<String> signedIn = this.browser.signIn(AdminApi.ADMIN_KEY, "X-Forwarded-Proto", "https");

		assertThat(signedIn.headers().allValues("Set-Cookie")).singleElement()
			.satisfies(cookie -> assertThat(cookie).contains("; Secure").contains("; SameSite=Strict"));
	}

	@Test
	void aWrongKeyShowsTheFormAgainWithAnErrorAndNoSession() {
		HttpResponse<String> refused = this.browser.signIn("not-the-admin-key");

		assertThat(refused.statusCode()).isEqualTo(302);
		assertThat(refused.headers().firstValue("Location"))
			.hasValueSatisfying(to -> assertThat(to).endsWith("/console/login?error"));
		HttpResponse<String> form = this.browser.get("/console/login?error");
		assertThat(form.body()).contains("role=\"alert\"").contains("not the admin key");
		assertThat(this.browser.get("/console").statusCode()).isEqualTo(302);
	}

	@Test
	void everyPageButTheFormSendsASignedOutBrowserToTheForm() {
		for (String path : new String[] { "/console", "/console/customers?q=a", "/console/customers/cus_Any",
				"/console/events", "/console/events/evt_Any" }) {
			HttpResponse<String> response = this.browser.get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(302);
			assertThat(response.headers().firstValue("Location")).as(path)
				.hasValueSatisfying(to -> assertThat(to).endsWith("/console/login"));
		}
		assertThat(this.browser.get("/console/assets/console.css").statusCode()).isEqualTo(200);
	}

	@Test
	void aPostWithoutTheCsrfTokenIsRefused() {
		this.browser.signIn(AdminApi.ADMIN_KEY);
		String token = ConsoleHttp.csrfTokenOf(this.browser.get("/console"));

		assertThat(this.browser.post("/console/customers/cus_Any/token/revoke", Map.of()).statusCode()).isEqualTo(403);
		assertThat(this.browser.post("/console/events/evt_Any/replay", Map.of("_csrf", "forged")).statusCode())
			.isEqualTo(403);
		assertThat(this.browser.post("/console/customers/cus_Any/access-link", Map.of()).statusCode()).isEqualTo(403);
		assertThat(this.browser.post("/console/emails/1/resend", Map.of("_csrf", "forged")).statusCode())
			.isEqualTo(403);
		assertThat(this.browser.post("/console/login", Map.of("key", AdminApi.ADMIN_KEY)).statusCode()).isEqualTo(403);
		assertThat(this.browser.post("/console/customers/cus_Any/token/revoke", Map.of("_csrf", token)).statusCode())
			.isEqualTo(302);
		assertThat(this.browser.post("/console/emails/1/resend", Map.of("_csrf", token)).statusCode()).isEqualTo(302);
	}

	@Test
	void pagesCarryAPolicyThatAllowsNoScriptAndNoFraming() {
		this.browser.signIn(AdminApi.ADMIN_KEY);

		HttpResponse<String> overview = this.browser.get("/console");

		assertThat(overview.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				policy -> assertThat(policy).contains("default-src 'none'").doesNotContain("script-src"));
		assertThat(overview.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(overview.headers().firstValue("Cache-Control"))
			.hasValueSatisfying(value -> assertThat(value).contains("no-store"));
	}

	@Test
	void theApiStaysStatelessAndSetsNoCookie() {
		HttpResponse<String> api = this.browser.get("/api/subscription");

		assertThat(api.statusCode()).isEqualTo(401);
		assertThat(api.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
		assertThat(api.headers().allValues("Set-Cookie")).isEmpty();
		HttpResponse<String> admin = this.browser.get("/admin/events", "Authorization", "Bearer " + AdminApi.ADMIN_KEY);
		assertThat(admin.statusCode()).isEqualTo(200);
		assertThat(admin.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void aCustomerXsenHoldsNothingForCanStillBeSyncedFromStripe() {
		this.browser.signIn(AdminApi.ADMIN_KEY);

		HttpResponse<String> customer = this.browser.get("/console/customers/cus_Nobody");

		assertThat(customer.statusCode()).isEqualTo(200);
		assertThat(customer.body()).contains("XSEN holds no subscription for this customer")
			.contains("Sync from Stripe");
	}

	@Test
	void aMalformedCustomerIdOrAnUnknownEventIsTheConsolesNotFoundPage() {
		this.browser.signIn(AdminApi.ADMIN_KEY);

		assertThat(this.browser.get("/console/customers/not-an-id").statusCode()).isEqualTo(404);
		HttpResponse<String> event = this.browser.get("/console/events/evt_Nobody");
		assertThat(event.statusCode()).isEqualTo(404);
		assertThat(event.body()).contains("No such event");
	}

	@Test
	void anEventRecordedWithoutBeingAppliedSaysWhyOnItsPage() {
		String thin = """
				{"id":"evt_test_65ConsoleThin","object":"v2.core.event","type":"v1.billing.meter.no_meter_found",\
				"livemode":false,"created":"2026-01-05T10:00:00.000Z"}""";
		SignedWebhooks.post(this.client, thin, SignedWebhooks.signature(thin)).expectStatus().isOk();
		this.browser.signIn(AdminApi.ADMIN_KEY);

		HttpResponse<String> event = this.browser.get("/console/events/evt_test_65ConsoleThin");

		assertThat(event.statusCode()).isEqualTo(200);
		assertThat(event.body()).contains("Not applied because")
			.contains("thin_event")
			.contains(": an API v2 event notification");
	}

}
