package io.xsen.orchestrator.console;

import io.xsen.orchestrator.subscription.SubscriptionReports;
import io.xsen.orchestrator.webhook.EventInbox;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /console}: who has access by tier, monthly recurring revenue, starts and
 * cancellations of the last 30 days, subscribers per day over 90 days and failed
 * webhooks.
 */
@Controller
class OverviewController {

	static final int RECENT_DAYS = 30;

	static final int CHART_DAYS = 90;

	private final SubscriptionReports reports;

	private final EventInbox inbox;

	OverviewController(SubscriptionReports reports, EventInbox inbox) {
		this.reports = reports;
		this.inbox = inbox;
	}

	@GetMapping("/console")
	String overview(Model model) {
		model.addAttribute("overview", this.reports.overview(RECENT_DAYS));
		model.addAttribute("recentDays", RECENT_DAYS);
		model.addAttribute("chart", AccessChart.of(this.reports.subscribedPerDay(CHART_DAYS)));
		model.addAttribute("chartDays", CHART_DAYS);
		model.addAttribute("failedEvents", this.inbox.failedCount());
		return "console/overview";
	}

}
