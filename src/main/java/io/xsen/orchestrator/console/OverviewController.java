package io.xsen.orchestrator.console;

import io.xsen.orchestrator.email.OutboxEmails;
import io.xsen.orchestrator.subscription.SubscriptionReports;
import io.xsen.orchestrator.usage.UsageReports;
import io.xsen.orchestrator.webhook.EventInbox;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /console}: who has access by tier, monthly recurring revenue, starts and
 * cancellations of the last 30 days, subscribers per day over 90 days, failed webhooks,
 * emails failed or unsent and the heaviest users of the periods running now.
 */
@Controller
class OverviewController {

	static final int RECENT_DAYS = 30;

	static final int CHART_DAYS = 90;

	static final int TOP_USERS = 10;

	private final SubscriptionReports reports;

	private final EventInbox inbox;

	private final OutboxEmails emails;

	private final UsageReports usage;

	OverviewController(SubscriptionReports reports, EventInbox inbox, OutboxEmails emails, UsageReports usage) {
		this.reports = reports;
		this.inbox = inbox;
		this.emails = emails;
		this.usage = usage;
	}

	@GetMapping("/console")
	String overview(Model model) {
		model.addAttribute("overview", this.reports.overview(RECENT_DAYS));
		model.addAttribute("recentDays", RECENT_DAYS);
		model.addAttribute("chart", AccessChart.of(this.reports.subscribedPerDay(CHART_DAYS)));
		model.addAttribute("chartDays", CHART_DAYS);
		model.addAttribute("failedEvents", this.inbox.failedCount());
		model.addAttribute("emails", this.emails.attention());
		model.addAttribute("topUsers", this.usage.topUsers(TOP_USERS));
		return "console/overview";
	}

}
