package io.xsen.orchestrator.console;

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

	private final OverviewFigures figures;

	private final ConsoleProperties properties;

	OverviewController(OverviewFigures figures, ConsoleProperties properties) {
		this.figures = figures;
		this.properties = properties;
	}

	@GetMapping("/console")
	String overview(Model model) {
		OverviewFigures.Figures current = this.figures.current();
		model.addAttribute("overview", current.overview());
		model.addAttribute("recentDays", OverviewFigures.RECENT_DAYS);
		model.addAttribute("chart", current.chart());
		model.addAttribute("chartDays", OverviewFigures.CHART_DAYS);
		model.addAttribute("failedEvents", current.failedEvents());
		model.addAttribute("emails", current.emails());
		model.addAttribute("topUsers", current.topUsers());
		model.addAttribute("cacheSeconds", this.properties.overviewCacheFor().toSeconds());
		return "console/overview";
	}

}
