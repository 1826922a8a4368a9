package io.xsen.orchestrator.usage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.xsen.orchestrator.security.ApiCustomer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Meters the chat endpoints: a request the security chain let through spends one request
 * of the customer's minute and one message of the billing period before it is served,
 * carries the RateLimit fields, and gets its message back if it fails.
 */
@Component
class MeteringInterceptor implements HandlerInterceptor {

	static final String RATE_LIMIT = "RateLimit";

	static final String RATE_LIMIT_POLICY = "RateLimit-Policy";

	private static final String SPENT = MeteringInterceptor.class.getName() + ".spent";

	private final PeriodQuota quota;

	private final MinuteLimit minuteLimit;

	private final TierLimits limits;

	private final UsageMetrics metrics;

	private final UsageTime time;

	private final boolean metering;

	MeteringInterceptor(PeriodQuota quota, MinuteLimit minuteLimit, TierLimits limits, UsageMetrics metrics,
			UsageTime time, UsageProperties properties) {
		this.quota = quota;
		this.minuteLimit = minuteLimit;
		this.limits = limits;
		this.metrics = metrics;
		this.time = time;
		this.metering = properties.metering();
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		ApiCustomer customer = (this.metering) ? customer() : null;
		if (customer == null || customer.subscriptionId() == null) {
			return true;
		}
		request.setAttribute(SPENT, new Metered(spend(customer, response), customer.tier()));
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable Exception ex) {
		if (request.getAttribute(SPENT) instanceof Metered metered) {
			if (ex == null && response.getStatus() < 400) {
				this.metrics.counted(String.valueOf(metered.tier()));
			}
			else {
				this.quota.refund(metered.spent());
			}
		}
	}

	private PeriodQuota.Spent spend(ApiCustomer customer, HttpServletResponse response) {
		Window window = window(customer);
		Long messagesLimit = window.limits().messagesPerPeriod();
		Long requestsLimit = window.limits().requestsPerMinute();
		PeriodQuota.Spent spent;
		try {
			spent = this.quota.spend(window.period(), customer.tier(), messagesLimit);
		}
		catch (DataAccessException ex) {
			throw databaseUnavailable(ex);
		}
		if (spent == null) {
			this.metrics.refused(UsageMetrics.QUOTA_EXCEEDED);
			Long requestsLeft = (requestsLimit != null)
					? this.minuteLimit.requestsLeft(customer.customerId(), window.minute(), requestsLimit) : null;
			rateLimitFields(response, window, requestsLeft, messagesLimit, 0L);
			throw new QuotaExceeded(messagesLimit, window.period().end(), window.period().secondsLeft(window.now()),
					this.limits.plansAllowingMore(messagesLimit, customer.extraMessages()));
		}
		Long requestsLeft;
		try {
			requestsLeft = spendRequest(customer, window, response, messagesLimit,
					(spent.remaining() != null) ? spent.remaining() + 1 : null);
		}
		catch (RuntimeException ex) {
			this.quota.refund(spent);
			throw ex;
		}
		rateLimitFields(response, window, requestsLeft, messagesLimit, spent.remaining());
		return spent;
	}

	/**
	 * Spends a request of the customer's minute when the tier limits them.
	 * @return the requests left, {@code null} when unlimited
	 * @throws RateLimited when the minute's limit is reached, after writing the RateLimit
	 * fields with the period as given
	 */
	private @Nullable Long spendRequest(ApiCustomer customer, Window window, HttpServletResponse response,
			@Nullable Long messagesLimit, @Nullable Long messagesLeft) {
		Long requestsLimit = window.limits().requestsPerMinute();
		if (requestsLimit == null) {
			return null;
		}
		long left;
		try {
			left = this.minuteLimit.spend(customer.customerId(), window.minute(), requestsLimit);
		}
		catch (DataAccessException ex) {
			throw databaseUnavailable(ex);
		}
		if (left < 0) {
			this.metrics.refused(UsageMetrics.RATE_LIMITED);
			rateLimitFields(response, window, 0L, messagesLimit, messagesLeft);
			throw new RateLimited(requestsLimit, window.minuteSecondsLeft());
		}
		return left;
	}

	private Window window(ApiCustomer customer) {
		Instant now = this.time.now();
		Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
		return new Window(now,
				UsagePeriod.current(String.valueOf(customer.subscriptionId()), customer.customerId(),
						customer.currentPeriodStart(), customer.currentPeriodEnd(), now),
				this.limits.of(customer.tier()).withAddOns(customer.extraMessages()), minute,
				Math.max(1, UsagePeriod.secondsUntil(now, minute.plusSeconds(60))));
	}

	// Counts a refusal for want of PostgreSQL; the failure itself becomes the 503 answer.
	private DataAccessException databaseUnavailable(DataAccessException ex) {
		this.metrics.refused(UsageMetrics.DATABASE_UNAVAILABLE);
		return ex;
	}

	/**
	 * The IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers): one policy per
	 * limit the tier has, an unlimited one left out.
	 */
	private static void rateLimitFields(HttpServletResponse response, Window window, @Nullable Long requestsLeft,
			@Nullable Long messagesLimit, @Nullable Long messagesLeft) {
		Long requestsLimit = window.limits().requestsPerMinute();
		UsagePeriod period = window.period();
		// Sized for both policies, so neither grows.
		StringBuilder policy = new StringBuilder(64);
		StringBuilder state = new StringBuilder(64);
		if (requestsLimit != null) {
			policy.append("\"minute\";q=").append(requestsLimit).append(";w=60");
			state.append("\"minute\";r=")
				.append((requestsLeft != null) ? requestsLeft : 0)
				.append(";t=")
				.append(window.minuteSecondsLeft());
		}
		if (messagesLimit != null) {
			if (!policy.isEmpty()) {
				policy.append(", ");
				state.append(", ");
			}
			policy.append("\"period\";q=").append(messagesLimit).append(";w=").append(period.lengthSeconds());
			state.append("\"period\";r=")
				.append((messagesLeft != null) ? messagesLeft : 0)
				.append(";t=")
				.append(period.secondsLeft(window.now()));
		}
		if (!policy.isEmpty()) {
			response.setHeader(RATE_LIMIT_POLICY, policy.toString());
			response.setHeader(RATE_LIMIT, state.toString());
		}
	}

	private static @Nullable ApiCustomer customer() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof ApiCustomer customer) ? customer
				: null;
	}

	/**
	 * The moment a request is metered: its billing period, its tier's limits and its
	 * clock minute.
	 */
	private record Window(Instant now, UsagePeriod period, TierLimits.Limits limits, Instant minute,
			long minuteSecondsLeft) {
	}

	private record Metered(PeriodQuota.Spent spent, @Nullable String tier) {
	}

}
