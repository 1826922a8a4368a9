package io.xsen.orchestrator.console;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.xsen.orchestrator.email.OutboxEmails;
import io.xsen.orchestrator.subscription.SubscriptionReports;
import io.xsen.orchestrator.usage.UsageReports;
import io.xsen.orchestrator.webhook.EventReview;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The overview's figures, read from the services behind the admin API and reused by this
 * instance for {@code XSEN_CONSOLE_OVERVIEW_CACHE}, so operators reloading the overview
 * do not rescan every subscription and usage period each time. The reads run side by
 * side, each on its own connection, so a fresh overview waits for the slowest of them,
 * not for their sum.
 */
@Component
class OverviewFigures {

	static final int RECENT_DAYS = 30;

	static final int CHART_DAYS = 90;

	static final int TOP_USERS = 10;

	private final SubscriptionReports reports;

	private final EventReview inbox;

	private final OutboxEmails emails;

	private final UsageReports usage;

	private final ConsoleProperties properties;

	private final Clock clock;

	private final Executor executor;

	private volatile @Nullable Figures latest;

	OverviewFigures(SubscriptionReports reports, EventReview inbox, OutboxEmails emails, UsageReports usage,
			ConsoleProperties properties, Clock clock, @Qualifier("applicationTaskExecutor") Executor executor) {
		this.reports = reports;
		this.inbox = inbox;
		this.emails = emails;
		this.usage = usage;
		this.properties = properties;
		this.clock = clock;
		this.executor = executor;
	}

	/** The figures, at most {@code XSEN_CONSOLE_OVERVIEW_CACHE} old. */
	Figures current() {
		Instant now = this.clock.instant();
		Figures figures = this.latest;
		if (figures == null || !now.isBefore(figures.readAt().plus(this.properties.overviewCacheFor()))) {
			// Two loads at once may both read: cheaper than making one wait for the
			// other.
			CompletableFuture<SubscriptionReports.Overview> overview = read(() -> this.reports.overview(RECENT_DAYS));
			CompletableFuture<AccessChart> chart = read(
					() -> AccessChart.of(this.reports.subscribedPerDay(CHART_DAYS)));
			CompletableFuture<Long> failedEvents = read(this.inbox::failedCount);
			CompletableFuture<OutboxEmails.Attention> emails = read(this.emails::attention);
			CompletableFuture<List<TopCustomer>> topUsers = read(this::topCustomers);
			figures = new Figures(now, result(overview), result(chart), result(failedEvents), result(emails),
					result(topUsers));
			this.latest = figures;
		}
		return figures;
	}

	// A period runs on after a cancellation: the tier alone would read as a paying
	// customer.
	private List<TopCustomer> topCustomers() {
		List<UsageReports.TopUser> users = this.usage.topUsers(TOP_USERS);
		Map<String, String> statuses = this.reports
			.statusesOf(users.stream().map(UsageReports.TopUser::subscriptionId).toList());
		return users.stream().map(user -> new TopCustomer(user, statuses.get(user.subscriptionId()))).toList();
	}

	private <T> CompletableFuture<T> read(Supplier<T> read) {
		return CompletableFuture.supplyAsync(read, this.executor);
	}

	// The read's own exception, so a database outage answers as it does elsewhere.
	private static <T> T result(CompletableFuture<T> read) {
		try {
			return read.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw ex;
		}
	}

	/** What the overview shows, as read at {@code readAt}. */
	record Figures(Instant readAt, SubscriptionReports.Overview overview, AccessChart chart, long failedEvents,
			OutboxEmails.Attention emails, List<TopCustomer> topUsers) {
	}

	/** One of the heaviest users, with their subscription's status today. */
	record TopCustomer(UsageReports.TopUser usage, @Nullable String status) {

		public String customerId() {
			return this.usage.customerId();
		}

		public @Nullable String tier() {
			return this.usage.tier();
		}

		public long messagesUsed() {
			return this.usage.messagesUsed();
		}

		public Instant periodEnd() {
			return this.usage.periodEnd();
		}

	}

}
