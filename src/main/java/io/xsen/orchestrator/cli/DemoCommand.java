package io.xsen.orchestrator.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

import com.stripe.net.Webhook;
import io.xsen.orchestrator.cli.ServiceClient.Reply;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code demo [BASE_URL]}: walks a running service through a customer's whole life with
 * no Stripe account, printing each step: signed subscription events in, a support-issued
 * token out, and the chat endpoints answering by tier.
 *
 * <p>
 * Events are signed with {@code STRIPE_WEBHOOK_SECRET} and the token is issued with
 * {@code ADMIN_API_KEY}, both read like the service reads them (environment, then
 * {@code .env}). Exits 0 when every step answered as expected, 1 otherwise, 2 when a
 * setting is missing.
 */
final class DemoCommand {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ServiceClient service;

	private final OperatorSettings settings;

	private final PrintStream out;

	private final String runId = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));

	private final long started = Instant.now().getEpochSecond();

	private int step;

	private int eventCount;

	private boolean failed;

	DemoCommand(ServiceClient service, OperatorSettings settings, PrintStream out) {
		this.service = service;
		this.settings = settings;
		this.out = out;
	}

	static int run(String... args) {
		OperatorSettings settings = OperatorSettings.load(Path.of(".env"));
		String baseUrl = (args.length > 0) ? args[0] : "http://localhost:" + orDefault(settings.get("PORT"), "8080");
		return new DemoCommand(new ServiceClient(baseUrl), settings, System.out).run();
	}

	int run() {
		String secret = this.settings.first("STRIPE_WEBHOOK_SECRET");
		String adminKey = this.settings.get("ADMIN_API_KEY");
		if (secret == null || adminKey == null) {
			this.out
				.println("The demo needs STRIPE_WEBHOOK_SECRET (to sign events) and ADMIN_API_KEY (to issue a token),"
						+ " set in the environment or .env as the service has them. bin/xsen run writes both on first start.");
			return 2;
		}
		String basic = orDefault(this.settings.first("STRIPE_PRICE_BASIC"), "price_basic_monthly");
		String premium = orDefault(this.settings.first("STRIPE_PRICE_PREMIUM"), "price_premium_monthly");
		String customer = "cus_demo" + this.runId;
		String subscription = "sub_demo" + this.runId;
		this.out.println("XSEN demo against " + this.service.baseUrl() + " for customer " + customer);
		try {
			Reply health = this.service.get("/health", null);
			if (!expect("The service is up (GET /health)", health, 200)) {
				return 1;
			}
			expect("Stripe reports a new basic subscription (signed customer.subscription.created)", deliver(secret,
					"customer.subscription.created", subscription(subscription, customer, "active", basic)), 200);
			Reply issued = this.service.post("/admin/customers/" + customer + "/tokens", adminKey);
			if (!expect("Support issues the customer a token (POST /admin/customers/" + customer + "/tokens)", issued,
					201)) {
				return 1;
			}
			String token = issued.text("token");
			expect("The chatbot calls GET /api/chat", this.service.get("/api/chat", token), 200);
			expect("A basic customer calls GET /api/chat/premium", this.service.get("/api/chat/premium", token), 403);
			expect("The customer upgrades to premium (signed customer.subscription.updated)", deliver(secret,
					"customer.subscription.updated", subscription(subscription, customer, "active", premium)), 200);
			expect("GET /api/chat/premium now answers", this.service.get("/api/chat/premium", token), 200);
			expect("The customer cancels (signed customer.subscription.deleted)", deliver(secret,
					"customer.subscription.deleted", subscription(subscription, customer, "canceled", premium)), 200);
			expect("GET /api/chat is refused after cancellation", this.service.get("/api/chat", token), 403);
		}
		catch (IOException ex) {
			this.out.println("FAIL: could not reach " + this.service.baseUrl() + " (" + ex + "). Is the service running"
					+ " (bin/xsen run)?");
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 1;
		}
		this.out
			.println(this.failed ? "Demo finished with failures." : "Demo complete: every step answered as expected.");
		return this.failed ? 1 : 0;
	}

	private boolean expect(String description, Reply reply, int expectedStatus) {
		boolean ok = reply.status() == expectedStatus;
		this.failed |= !ok;
		this.out.println((++this.step) + ". " + description);
		this.out.println("   " + (ok ? "" : "UNEXPECTED, wanted " + expectedStatus + ": ") + reply.status() + " "
				+ oneLine(reply.body()));
		return ok;
	}

	private Reply deliver(String secret, String type, ObjectNode object) throws IOException, InterruptedException {
		ObjectNode event = json.createObjectNode();
		event.put("id", "evt_demo" + this.runId + "_" + (++this.eventCount));
		event.put("object", "event");
		event.put("type", type);
		// One second apart, so each event is newer than the last.
		event.put("created", this.started + this.eventCount);
		event.put("api_version", "2025-09-30.clover");
		event.put("livemode", false);
		event.putObject("data").set("object", object);
		String payload = event.toString();
		return this.service.postJson("/webhooks/stripe", payload, signature(payload, secret));
	}

	private ObjectNode subscription(String id, String customer, String status, String price) {
		ObjectNode subscription = json.createObjectNode();
		subscription.put("id", id);
		subscription.put("object", "subscription");
		subscription.put("customer", customer);
		subscription.put("status", status);
		subscription.put("cancel_at_period_end", false);
		ObjectNode item = subscription.putObject("items").put("object", "list").putArray("data").addObject();
		item.put("id", "si_demo" + this.runId);
		item.putObject("price").put("id", price);
		item.put("current_period_end", this.started + 30 * 86_400L);
		return subscription;
	}

	private static String signature(String payload, String secret) {
		try {
			return Webhook.Signature.generateSignatureHeader(payload, secret, Instant.now().getEpochSecond());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not sign the demo event", ex);
		}
	}

	private static String orDefault(@Nullable String value, String fallback) {
		return (value != null) ? value : fallback;
	}

	static String oneLine(String body) {
		String line = body.replaceAll("\\s+", " ").trim();
		return (line.length() > 300) ? line.substring(0, 300) + "..." : line;
	}

}
