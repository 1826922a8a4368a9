package io.xsen.orchestrator.console;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

import io.xsen.orchestrator.billing.StripeIds;
import io.xsen.orchestrator.billing.StripeProperties;
import io.xsen.orchestrator.email.AccessLinkRequests;
import io.xsen.orchestrator.email.OutboxEmails;
import io.xsen.orchestrator.ops.CustomerSync;
import io.xsen.orchestrator.subscription.CustomerNotFound;
import io.xsen.orchestrator.subscription.SubscriptionDetails;
import io.xsen.orchestrator.subscription.SubscriptionReports;
import io.xsen.orchestrator.subscription.TierCatalog;
import io.xsen.orchestrator.token.CustomerTokens;
import io.xsen.orchestrator.token.TokenChannel;
import io.xsen.orchestrator.token.TokenSummary;
import io.xsen.orchestrator.usage.UsageReports;
import io.xsen.orchestrator.webhook.EventReview;
import io.xsen.orchestrator.webhook.StripeEventSummary;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /console/customers}: the customer search, and one customer's subscriptions,
 * token, usage, events and emails with the repairs support makes (sync from Stripe, issue
 * or revoke the token, send an access link).
 */
@Controller
class CustomerController {

	private static final int PAGE_SIZE = 25;

	private static final int MAX_QUERY_LENGTH = 320;

	private static final int TOKENS_SHOWN = 10;

	private static final int EVENTS_SHOWN = 50;

	private static final int EMAILS_SHOWN = 50;

	private final SubscriptionReports reports;

	private final TierCatalog tiers;

	private final CustomerTokens tokens;

	private final CustomerSync sync;

	private final EventReview inbox;

	private final UsageReports usage;

	private final OutboxEmails emails;

	private final AccessLinkRequests accessLinks;

	private final Clock clock;

	private final String dashboard;

	CustomerController(SubscriptionReports reports, TierCatalog tiers, CustomerTokens tokens, CustomerSync sync,
			EventReview inbox, UsageReports usage, OutboxEmails emails, AccessLinkRequests accessLinks, Clock clock,
			StripeProperties stripe) {
		this.reports = reports;
		this.tiers = tiers;
		this.tokens = tokens;
		this.sync = sync;
		this.inbox = inbox;
		this.usage = usage;
		this.emails = emails;
		this.accessLinks = accessLinks;
		this.clock = clock;
		this.dashboard = stripe.secretKey().contains("_test_") ? "https://dashboard.stripe.com/test/customers/"
				: "https://dashboard.stripe.com/customers/";
	}

	@GetMapping("/console/customers")
	String search(@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String tier, @RequestParam(defaultValue = "0") int page,
			Model model) {
		String query = StringUtils.hasText(q) ? q.trim() : null;
		if (query != null && query.length() > MAX_QUERY_LENGTH) {
			query = query.substring(0, MAX_QUERY_LENGTH);
		}
		String statusFilter = (status != null && this.reports.statuses().contains(status)) ? status : null;
		String tierFilter = (tier != null && this.tiers.isTier(tier)) ? tier : null;
		Page<SubscriptionDetails> found = this.reports.search(query, statusFilter, tierFilter,
				PageRequest.of(Math.max(page, 0), PAGE_SIZE));
		model.addAttribute("q", Objects.toString(query, ""));
		model.addAttribute("status", Objects.toString(statusFilter, ""));
		model.addAttribute("tier", Objects.toString(tierFilter, ""));
		model.addAttribute("statuses", this.reports.statuses());
		model.addAttribute("tiers", this.tiers.tiersAscending());
		model.addAttribute("results", found);
		return "console/customers";
	}

	@GetMapping("/console/customers/{customerId}")
	ModelAndView customer(@PathVariable String customerId) {
		return page(customerId, null);
	}

	@PostMapping("/console/customers/{customerId}/sync")
	String syncFromStripe(@PathVariable String customerId, RedirectAttributes redirect) {
		requireCustomerId(customerId);
		try {
			int held = this.sync.sync(customerId).size();
			redirect.addFlashAttribute("notice", "Synced from Stripe: XSEN now holds " + held + " subscription"
					+ ((held == 1) ? "" : "s") + " for this customer.");
		}
		catch (RuntimeException ex) {
			ActionFailures.report(ex, "Sync from Stripe", redirect);
		}
		return "redirect:/console/customers/" + customerId;
	}

	/**
	 * Asks before issuing: a new token revokes the live one at once, and the customer's
	 * chatbot stops until it gets the new one.
	 */
	@GetMapping("/console/customers/{customerId}/token")
	ModelAndView confirmIssueToken(@PathVariable String customerId) {
		requireCustomerId(customerId);
		TokenSummary live = liveTokenOf(customerId);
		String consequence = (live != null) ? "The customer's live token (" + live.prefix()
				+ "...) stops working at once; their chatbot fails until it is given the new one, which is shown once."
				: "The customer has no live token; the new one is shown once, on the next page.";
		return confirmation(customerId, "Issue a new token?", consequence, "Issue token", "",
				"/console/customers/" + customerId + "/token");
	}

	@PostMapping("/console/customers/{customerId}/token")
	ModelAndView issueToken(@PathVariable String customerId, RedirectAttributes redirect) {
		requireCustomerId(customerId);
		if (this.reports.findByCustomer(customerId).isEmpty()) {
			redirect.addFlashAttribute("problem",
					"XSEN holds no subscription for this customer: sync from Stripe first.");
			return new ModelAndView("redirect:/console/customers/" + customerId);
		}
		// The plaintext goes into this one answer and nowhere else: no redirect, no
		// session.
		return page(customerId, this.tokens.issue(customerId, TokenChannel.ADMIN).token());
	}

	@GetMapping("/console/customers/{customerId}/token/revoke")
	ModelAndView confirmRevokeToken(@PathVariable String customerId) {
		requireCustomerId(customerId);
		TokenSummary live = liveTokenOf(customerId);
		String consequence = (live != null)
				? "The API refuses the customer's token (" + live.prefix()
						+ "...) from now on; they need a new token or an access link to continue."
				: "The customer has no live token to revoke.";
		return confirmation(customerId, "Revoke the token?", consequence, "Revoke token", "danger",
				"/console/customers/" + customerId + "/token/revoke");
	}

	@PostMapping("/console/customers/{customerId}/token/revoke")
	String revokeToken(@PathVariable String customerId, RedirectAttributes redirect) {
		requireCustomerId(customerId);
		if (this.tokens.revokeLive(customerId)) {
			redirect.addFlashAttribute("notice", "Token revoked: the API refuses it from now on.");
		}
		else {
			redirect.addFlashAttribute("problem", "The customer has no live token to revoke.");
		}
		return "redirect:/console/customers/" + customerId;
	}

	@PostMapping("/console/customers/{customerId}/access-link")
	String sendAccessLink(@PathVariable String customerId, RedirectAttributes redirect) {
		requireCustomerId(customerId);
		if (this.accessLinks.requestFor(customerId)) {
			redirect.addFlashAttribute("notice",
					"Access link queued: the customer gets an email with a one-time link to reveal a new token.");
		}
		else {
			redirect.addFlashAttribute("problem",
					"No access link sent: the customer has no subscription that grants access with an email address.");
		}
		return "redirect:/console/customers/" + customerId;
	}

	private ModelAndView page(String customerId, @Nullable String issuedToken) {
		if (!StripeIds.isWellFormed(customerId)) {
			return ConsoleErrors.notFound("No such customer", "A Stripe customer id looks like cus_...");
		}
		List<SubscriptionDetails> subscriptions = this.reports.findByCustomer(customerId);
		List<TokenSummary> tokenList = this.tokens.tokensOf(customerId, TOKENS_SHOWN);
		// A customer XSEN holds nothing for still gets a page: a missed webhook is
		// repaired from here with Sync from Stripe.
		List<StripeEventSummary> events = this.inbox.forCustomer(customerId, EVENTS_SHOWN);
		ModelAndView view = new ModelAndView("console/customer");
		view.addObject("customerId", customerId);
		view.addObject("email",
				subscriptions.stream().map(SubscriptionDetails::email).filter(Objects::nonNull).findFirst().orElse(""));
		view.addObject("subscriptions", subscriptions);
		view.addObject("tokens", tokenList);
		view.addObject("liveToken", tokenList.stream().anyMatch(token -> token.live(this.clock.instant())));
		view.addObject("now", this.clock.instant());
		view.addObject("events", events);
		view.addObject("usage", usageOf(customerId));
		view.addObject("emails", this.emails.forCustomer(customerId, EMAILS_SHOWN));
		view.addObject("dashboardUrl", this.dashboard + customerId);
		if (issuedToken != null) {
			view.addObject("issuedToken", issuedToken);
		}
		return view;
	}

	private @Nullable TokenSummary liveTokenOf(String customerId) {
		return this.tokens.tokensOf(customerId, TOKENS_SHOWN)
			.stream()
			.filter(token -> token.live(this.clock.instant()))
			.findFirst()
			.orElse(null);
	}

	private ModelAndView confirmation(String customerId, String question, String consequence, String action,
			String style, String target) {
		List<SubscriptionDetails> subscriptions = this.reports.findByCustomer(customerId);
		ModelAndView view = new ModelAndView("console/confirm");
		view.addObject("customerId", customerId);
		view.addObject("customer",
				subscriptions.stream()
					.map(SubscriptionDetails::email)
					.filter(Objects::nonNull)
					.findFirst()
					.orElse(customerId));
		view.addObject("question", question);
		view.addObject("consequence", consequence);
		view.addObject("action", action);
		view.addObject("style", style);
		view.addObject("target", target);
		return view;
	}

	private UsageReports.@Nullable CustomerUsage usageOf(String customerId) {
		try {
			return this.usage.customerUsage(customerId);
		}
		catch (CustomerNotFound ex) {
			return null;
		}
	}

	private static void requireCustomerId(String customerId) {
		if (!StripeIds.isWellFormed(customerId)) {
			throw new ConsoleErrors.NotFound();
		}
	}

}
