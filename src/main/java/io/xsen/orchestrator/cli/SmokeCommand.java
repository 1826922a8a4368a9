package io.xsen.orchestrator.cli;

import java.io.IOException;
import java.io.PrintStream;

import io.xsen.orchestrator.cli.ServiceClient.Reply;
import org.jspecify.annotations.Nullable;

/**
 * {@code smoke BASE_URL [TOKEN]}: checks a deployed service from outside and prints PASS
 * or FAIL per check; exits 0 only when every check passed (1 on a failure, 2 on wrong
 * usage).
 *
 * <p>
 * Without a token it checks what needs no customer: health, the API's 401, the webhook's
 * refusal of an unsigned delivery. With one it also checks the customer's subscription
 * and that each tier endpoint answers as that tier should.
 */
final class SmokeCommand {

	private final ServiceClient service;

	private final PrintStream out;

	private int passed;

	private int failed;

	SmokeCommand(ServiceClient service, PrintStream out) {
		this.service = service;
		this.out = out;
	}

	static int run(String... args) {
		if (args.length < 1 || args.length > 2 || !args[0].matches("https?://\\S+")) {
			System.out
				.println("Usage: smoke BASE_URL [TOKEN]   for example: smoke https://xsen.up.railway.app xsen_...");
			return 2;
		}
		return new SmokeCommand(new ServiceClient(args[0]), System.out).run((args.length > 1) ? args[1] : null);
	}

	int run(@Nullable String token) {
		this.out.println("Smoke testing " + this.service.baseUrl());
		try {
			Reply health = this.service.get("/health", null);
			check("GET /health answers 200 healthy", health.status() == 200 && "healthy".equals(health.text("status")),
					health);
			Reply anonymous = this.service.get("/api/subscription", null);
			check("GET /api/subscription without a token answers 401", anonymous.status() == 401, anonymous);
			Reply unsigned = this.service.postJson("/webhooks/stripe", "{\"id\":\"evt_smoke\"}", null);
			check("POST /webhooks/stripe without a signature answers 400", unsigned.status() == 400, unsigned);
			if (token != null) {
				checkCustomer(token);
			}
		}
		catch (IOException ex) {
			fail("the service at " + this.service.baseUrl() + " answers", ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			fail("the smoke test finishes", "interrupted");
		}
		this.out.println(this.passed + " passed, " + this.failed + " failed");
		return (this.failed == 0) ? 0 : 1;
	}

	private void checkCustomer(String token) throws IOException, InterruptedException {
		Reply subscription = this.service.get("/api/subscription", token);
		boolean known = subscription.status() == 200;
		String tier = subscription.text("tier");
		check("GET /api/subscription with the token answers 200"
				+ (known ? " (tier " + tier + ", status " + subscription.text("status") + ")" : ""), known,
				subscription);
		Reply chat = this.service.get("/api/chat", token);
		check("GET /api/chat answers 200", chat.status() == 200, chat);
		Reply premium = this.service.get("/api/chat/premium", token);
		if ("premium".equals(tier)) {
			check("GET /api/chat/premium answers 200 for a premium customer", premium.status() == 200, premium);
		}
		else {
			check("GET /api/chat/premium answers 403 tier_required below premium",
					premium.status() == 403 && "tier_required".equals(premium.text("code")), premium);
		}
	}

	private void check(String description, boolean ok, Reply reply) {
		if (ok) {
			this.passed++;
			this.out.println("PASS  " + description);
		}
		else {
			fail(description, "got " + reply.status() + " " + DemoCommand.oneLine(reply.body()));
		}
	}

	private void fail(String description, String why) {
		this.failed++;
		this.out.println("FAIL  " + description + ": " + why);
	}

}
