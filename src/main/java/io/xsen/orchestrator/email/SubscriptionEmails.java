package io.xsen.orchestrator.email;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.xsen.orchestrator.subscription.CustomerSubscription;
import io.xsen.orchestrator.subscription.SubscriptionAccess;
import io.xsen.orchestrator.subscription.SubscriptionRecorded;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Queues the emails a change of one subscription owes its customer, in the transaction
 * that records the change: {@code access} when it first grants access with an email,
 * {@code suspended} when payment ends its access, {@code ending} when it is set to cancel
 * at the period's end, {@code ended} when it is canceled.
 */
@Component
class SubscriptionEmails {

	/** Statuses that end access because of payment, reached by a webhook. */
	private static final Set<String> SUSPENDING = Set.of("unpaid", "incomplete_expired");

	private static final String CANCELED = "canceled";

	private final EmailOutbox outbox;

	private final SubscriptionAccess access;

	private final Clock clock;

	SubscriptionEmails(EmailOutbox outbox, SubscriptionAccess access, Clock clock) {
		this.outbox = outbox;
		this.access = access;
		this.clock = clock;
	}

	@EventListener
	void subscriptionRecorded(SubscriptionRecorded recorded) {
		CustomerSubscription before = recorded.before();
		CustomerSubscription after = recorded.after();
		if (after.email() == null) {
			return;
		}
		String id = after.subscriptionId();
		// Also when the email arrives after access (checkout.session.completed after
		// customer.subscription.created); a subscription that granted access with an
		// email before this release gets no welcome.
		if (this.access.grants(after) && !(before != null && before.email() != null && this.access.grants(before))) {
			this.outbox.enqueue(EmailKind.ACCESS, after, EmailOutbox.key(EmailKind.ACCESS, id, null),
					details(after, null));
		}
		if (SUSPENDING.contains(after.status()) && (before == null || !after.status().equals(before.status()))) {
			suspended(this.outbox, after);
		}
		if (after.cancelAtPeriodEnd() && !CANCELED.equals(after.status())
				&& (before == null || !before.cancelAtPeriodEnd())) {
			this.outbox.enqueue(EmailKind.ENDING, after, EmailOutbox.key(EmailKind.ENDING, id, period(after)),
					details(after, after.currentPeriodEnd()));
		}
		if (CANCELED.equals(after.status()) && (before == null || !CANCELED.equals(before.status()))) {
			this.outbox.enqueue(EmailKind.ENDED, after, EmailOutbox.key(EmailKind.ENDED, id, null),
					details(after, this.clock.instant()));
		}
	}

	/**
	 * Queues the {@code suspended} email, once per subscription and period whichever way
	 * the suspension is noticed (a webhook, or the grace of {@code past_due} running
	 * out).
	 */
	static void suspended(EmailOutbox outbox, CustomerSubscription subscription) {
		outbox.enqueue(EmailKind.SUSPENDED, subscription,
				EmailOutbox.key(EmailKind.SUSPENDED, subscription.subscriptionId(), period(subscription)),
				details(subscription, null));
	}

	private static String period(CustomerSubscription subscription) {
		Instant end = subscription.currentPeriodEnd();
		return (end != null) ? Long.toString(end.getEpochSecond()) : "none";
	}

	private static Map<String, String> details(CustomerSubscription subscription, @Nullable Instant date) {
		Map<String, String> details = new LinkedHashMap<>();
		details.put("tier", String.valueOf(subscription.tier()));
		details.put("status", subscription.status());
		if (date != null) {
			details.put("date", date.toString());
		}
		return details;
	}

}
