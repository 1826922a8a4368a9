package io.xsen.orchestrator.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.stripe.net.Webhook;
import io.xsen.orchestrator.cli.ServiceClient.Reply;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code demo [BASE_URL]}: walks a running service through a customer's whole life with
 * no Stripe account, printing each step: signed subscription events in, the access email
 * as the service prints it in local development, its link followed to reveal the token,
 * and the chat endpoints answering by tier.
 *
 * <p>
 * Events are signed with {@code STRIPE_WEBHOOK_SECRET} and the token is issued with
 * {@code ADMIN_API_KEY}, both read like the service reads them (environment, then
 * {@code .env}); where the service sends real email, support issues the token instead.
 * Exits 0 when every step answered as expected, 1 otherwise, 2 when a setting is missing.
 */
final class DemoCommand {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Pattern ACCESS_LINK = Pattern.compile("https?://[^\\s/]+(/access/[A-Za-z0-9_-]+)");

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Pattern TOKEN_FIELD = Pattern.compile("<code id=\"token\">([^<]+)</code>");

	private static final Pattern PAGE_TITLE = Pattern.compile("<title>([^<]*)</title>");

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final Duration POLL = Duration.ofMillis(500);

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
		// Monthly amounts in cents, as the README's plans: the console counts them as
		// revenue.
		Price basic = new Price(orDefault(this.settings.first("STRIPE_PRICE_BASIC"), "price_basic_monthly"), 999);
		Price premium = new Price(orDefault(this.settings.first("STRIPE_PRICE_PREMIUM"), "price_premium_monthly"),
				1999);
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
			expect("The customer finishes Checkout with their email (signed checkout.session.completed)",
					deliver(secret, "checkout.session.completed",
							checkoutSession(subscription(subscription, customer, "active", basic))),
					200);
			String token = tokenFromAccessEmail(customer, adminKey);
			if (token == null) {
				Reply issued = this.service.post("/admin/customers/" + customer + "/tokens", adminKey);
				if (!expect(
						"Support issues the customer a token instead (POST /admin/customers/" + customer + "/tokens)",
						issued, 201)) {
					return 1;
				}
				token = issued.text("token");
			}
			expect("The chatbot calls GET /api/chat", this.service.get("/api/chat", token), 200);
			expect("A basic customer calls GET /api/chat/premium", this.service.get("/api/chat/premium", token), 403);
			expect("The customer upgrades to premium (signed customer.subscription.updated)", deliver(secret,
					"customer.subscription.updated", subscription(subscription, customer, "active", premium)), 200);
			expect("GET /api/chat/premium now answers", this.service.get("/api/chat/premium", token), 200);
			expect("The customer cancels (signed customer.subscription.deleted)", deliver(secret,
					"customer.subscription.deleted", subscription(subscription, customer, "canceled", premium)), 200);
			expect("GET /api/chat is refused after cancellation", this.service.get("/api/chat", token), 403);
			// A paying subscriber stays, so the console's revenue is not empty after the
			// demo.
			expect("Another customer subscribes to basic and stays (signed customer.subscription.created)",
					deliver(secret, "customer.subscription.created",
							subscription(subscription + "_stays", customer + "_stays", "active", basic)),
					200);
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

	/**
	 * Follows the customer's access email as they would: reads it as the service printed
	 * it, opens its link, presses the button and takes the token the page shows once.
	 * Null when the service sends real email (or prints none), so the demo goes on
	 * without it.
	 */
	private @Nullable String tokenFromAccessEmail(String customer, String adminKey)
			throws IOException, InterruptedException {
		long id = accessEmailId(customer, adminKey);
		if (id < 0) {
			note("No access email was queued for " + customer + " within " + WAIT.toSeconds() + " s.");
			return null;
		}
		Reply printed = printedEmail(id, adminKey);
		if (printed.status() != 200) {
			note("The service did not print access email " + id + ": it sends email through SMTP, or prints it only"
					+ " under bin/xsen run (XSEN_MAIL_CONSOLE). The demo goes on with a token from support.");
			return null;
		}
		this.out.println((++this.step) + ". The service queues the customer's access email and, without SMTP, prints"
				+ " it (GET /admin/emails/" + id + "/printed):");
		this.out.println("   To: " + printed.text("recipient"));
		this.out.println("   Subject: " + printed.text("subject"));
		printed.text("text").lines().forEach(line -> this.out.println("   | " + line));
		Matcher link = ACCESS_LINK.matcher(printed.text("text"));
		if (!link.find()) {
			fail("The access email holds no /access/ link");
			return null;
		}
		String path = link.group(1);
		Reply page = this.service.get(path, null);
		if (!expect("The customer opens the link (GET " + path + ")", page, 200)) {
			return null;
		}
		Matcher csrf = CSRF_FIELD.matcher(page.body());
		if (!page.body().contains("Reveal my token") || !csrf.find()) {
			fail("The access page shows no Reveal my token button");
			return null;
		}
		Reply revealed = this.service.postForm(path, "_csrf", csrf.group(1));
		Matcher token = TOKEN_FIELD.matcher(revealed.body());
		boolean shown = token.find();
		if (!expect("The customer presses Reveal my token (POST " + path + ")", revealed, 200) || !shown) {
			fail("The page shows no token");
			return null;
		}
		this.out.println("   token " + token.group(1).substring(0, Math.min(12, token.group(1).length())) + "...");
		expect("The link is spent: pressing again issues nothing", this.service.postForm(path, "_csrf", csrf.group(1)),
				410);
		return token.group(1);
	}

	private long accessEmailId(String customer, String adminKey) throws IOException, InterruptedException {
		return pollUntil(() -> {
			for (JsonNode email : this.service.get("/admin/emails", adminKey).json().path("emails")) {
				if (customer.equals(email.path("customer_id").asString(""))
						&& "access".equals(email.path("kind").asString(""))) {
					return email.path("id").asLong();
				}
			}
			return -1L;
		}, id -> id >= 0);
	}

	// The outbox is polled every few seconds: the email is printed on the next poll.
	private Reply printedEmail(long id, String adminKey) throws IOException, InterruptedException {
		return pollUntil(() -> this.service.get("/admin/emails/" + id + "/printed", adminKey),
				printed -> printed.status() != 404);
	}

	// Asks again every POLL until the answer will do or WAIT has passed; the last answer.
	private static <T> T pollUntil(Ask<T> ask, Predicate<T> done) throws IOException, InterruptedException {
		Instant deadline = Instant.now().plus(WAIT);
		T answer = ask.get();
		while (!done.test(answer) && Instant.now().isBefore(deadline)) {
			Thread.sleep(POLL.toMillis());
			answer = ask.get();
		}
		return answer;
	}

	/** A call to the service, asked again while polling. */
	@FunctionalInterface
	private interface Ask<T> {

		T get() throws IOException, InterruptedException;

	}

	private void note(String text) {
		this.out.println("   (" + text + ")");
	}

	private void fail(String text) {
		this.failed = true;
		this.out.println("   UNEXPECTED: " + text);
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

	private ObjectNode checkoutSession(ObjectNode subscription) {
		ObjectNode session = json.createObjectNode();
		session.put("id", "cs_demo" + this.runId);
		session.put("object", "checkout.session");
		session.put("mode", "subscription");
		session.put("status", "complete");
		session.put("customer", subscription.path("customer").asString());
		session.putObject("customer_details").put("email", "demo+" + this.runId + "@example.com");
		session.put("created", this.started);
		session.set("subscription", subscription);
		return session;
	}

	private ObjectNode subscription(String id, String customer, String status, Price price) {
		ObjectNode subscription = json.createObjectNode();
		subscription.put("id", id);
		subscription.put("object", "subscription");
		subscription.put("customer", customer);
		subscription.put("status", status);
		subscription.put("cancel_at_period_end", false);
		ObjectNode item = subscription.putObject("items").put("object", "list").putArray("data").addObject();
		item.put("id", "si_" + id);
		// The price as Stripe expands it on a subscription item: its amount, currency and
		// interval are what the console's revenue and price columns show.
		ObjectNode stripePrice = item.putObject("price");
		stripePrice.put("id", price.id());
		stripePrice.put("object", "price");
		stripePrice.put("currency", "usd");
		stripePrice.put("unit_amount", price.monthlyCents());
		stripePrice.putObject("recurring").put("interval", "month").put("interval_count", 1);
		item.put("quantity", 1);
		item.put("current_period_end", this.started + 30 * 86_400L);
		return subscription;
	}

	/** A demo plan: the configured price id and its monthly amount in US cents. */
	private record Price(String id, long monthlyCents) {
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
		Matcher title = PAGE_TITLE.matcher(body);
		if (body.startsWith("<!DOCTYPE html>") && title.find()) {
			return "page \"" + title.group(1) + "\"";
		}
		String line = body.replaceAll("\\s+", " ").trim();
		return (line.length() > 300) ? line.substring(0, 300) + "..." : line;
	}

}
