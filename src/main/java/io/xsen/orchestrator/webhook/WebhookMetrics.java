package io.xsen.orchestrator.webhook;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Counts webhook deliveries by event type and outcome and times their processing, with
 * every meter registered up front so a delivery only increments.
 *
 * <p>
 * Types outside {@link StripeEventType} count as {@code other}, deliveries refused before
 * their event could be read as {@code unverified}: the tag values stay a fixed, small set
 * whatever Stripe or a stranger sends.
 */
@Component
class WebhookMetrics {

	private static final String OTHER_TYPE = "other";

	private static final String UNVERIFIED_TYPE = "unverified";

	private static final String FAILED = "failed";

	private static final String REJECTED = "rejected";

	private final Counter[][] events;

	private final Timer[] processing;

	private final Counter rejected;

	WebhookMetrics(MeterRegistry registry) {
		int types = StripeEventType.values().length + 1;
		int outcomes = WebhookOutcome.values().length + 1;
		this.events = new Counter[types][outcomes];
		this.processing = new Timer[outcomes];
		for (int outcome = 0; outcome < outcomes; outcome++) {
			String outcomeLabel = outcomeLabel(outcome);
			for (int type = 0; type < types; type++) {
				this.events[type][outcome] = Counter.builder("xsen.webhook.events")
					.description("Verified Stripe webhook events by type and outcome")
					.tag("type", typeLabel(type))
					.tag("outcome", outcomeLabel)
					.register(registry);
			}
			this.processing[outcome] = Timer.builder("xsen.webhook.processing")
				.description("Time from receiving a Stripe webhook to answering it, by outcome")
				.tag("outcome", outcomeLabel)
				.register(registry);
		}
		this.rejected = Counter.builder("xsen.webhook.events")
			.description("Verified Stripe webhook events by type and outcome")
			.tag("type", UNVERIFIED_TYPE)
			.tag("outcome", REJECTED)
			.register(registry);
	}

	void processed(String type, WebhookOutcome outcome, long nanos) {
		record(type, outcome.ordinal(), nanos);
	}

	void failed(String type, long nanos) {
		record(type, WebhookOutcome.values().length, nanos);
	}

	/**
	 * A delivery refused before its event was read: bad signature, malformed or too
	 * large.
	 */
	void rejected() {
		this.rejected.increment();
	}

	private void record(String type, int outcome, long nanos) {
		int typeIndex = StripeEventType.of(type).map(Enum::ordinal).orElse(StripeEventType.values().length);
		this.events[typeIndex][outcome].increment();
		this.processing[outcome].record(nanos, TimeUnit.NANOSECONDS);
	}

	private static String typeLabel(int index) {
		return (index < StripeEventType.values().length) ? StripeEventType.values()[index].stripeName() : OTHER_TYPE;
	}

	private static String outcomeLabel(int index) {
		return (index < WebhookOutcome.values().length) ? WebhookOutcome.values()[index].label() : FAILED;
	}

}
