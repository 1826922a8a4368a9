package io.xsen.orchestrator.console;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.xsen.orchestrator.email.OutboxEmails;
import io.xsen.orchestrator.subscription.SubscriptionReports;
import io.xsen.orchestrator.usage.UsageReports;
import io.xsen.orchestrator.webhook.EventInbox;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The overview's figures, read from the services behind the admin API and reused by this
 * instance for {@code XSEN_CONSOLE_OVERVIEW_CACHE}, so operators reloading the overview
 * do not rescan every subscription and usage period each time.
 */
@Component
class OverviewFigures {

	static final int RECENT_DAYS = 30;

	static final int CHART_DAYS = 90;

	static final int TOP_USERS = 10;

	private final SubscriptionReports reports;

	private final EventInbox inbox;

	private final OutboxEmails emails;

	private final UsageReports usage;

	private final ConsoleProperties properties;

	private final Clock clock;

	private volatile @Nullable Figures latest;

	OverviewFigures(SubscriptionReports reports, EventInbox inbox, OutboxEmails emails, UsageReports usage,
			ConsoleProperties properties, Clock clock) {
		this.reports = reports;
		this.inbox = inbox;
		this.emails = emails;
		this.usage = usage;
		this.properties = properties;
		this.clock = clock;
	}

	/** The figures, at most {@code XSEN_CONSOLE_OVERVIEW_CACHE} old. */
	Figures current() {
		Instant now = this.clock.instant();
		Figures figures = this.latest;
		if (figures == null || !now.isBefore(figures.readAt().plus(this.properties.overviewCacheFor()))) {
			// Two loads at once may both read: cheaper than making one wait for the
			// other.
			figures = new Figures(now, this.reports.overview(RECENT_DAYS),
					AccessChart.of(this.reports.subscribedPerDay(CHART_DAYS)), this.inbox.failedCount(),
					this.emails.attention(), this.usage.topUsers(TOP_USERS));
			this.latest = figures;
		}
		return figures;
	}

	/** What the overview shows, as read at {@code readAt}. */
	record Figures(Instant readAt, SubscriptionReports.Overview overview, AccessChart chart, long failedEvents,
			OutboxEmails.Attention emails, List<UsageReports.TopUser> topUsers) {
	}

}
