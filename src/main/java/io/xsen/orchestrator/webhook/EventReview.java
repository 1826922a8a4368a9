package io.xsen.orchestrator.webhook;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/**
 * The event inbox as operators use it, through the admin API or the console: pages of
 * events, one event with its payload, a customer's events, and the replay of a recorded
 * event.
 */
@Service
public class EventReview {

	private static final Logger logger = LoggerFactory.getLogger(EventReview.class);

	private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final StripeEventRepository events;

	private final EventIngestion ingestion;

	EventReview(StripeEventRepository events, EventIngestion ingestion) {
		this.events = events;
		this.ingestion = ingestion;
	}

	/**
	 * One page of the inbox, newest first, without payloads; a {@code null} filter
	 * matches every event.
	 */
	public Page<StripeEventSummary> page(@Nullable String status, @Nullable String type, Pageable pageable) {
		return this.events.findSummaries(status, type, pageable);
	}

	/**
	 * The event with its payload as Stripe sent it, indented for reading.
	 */
	public Optional<EventDetail> find(String eventId) {
		return this.events.findSummary(eventId)
			.map(summary -> new EventDetail(summary,
					this.events.findPayload(eventId).map(EventReview::indented).orElse("")));
	}

	/**
	 * The customer's events, newest first, at most {@code limit} of them.
	 */
	public List<StripeEventSummary> forCustomer(String customerId, int limit) {
		return this.events.findSummariesForCustomer(customerId, limit);
	}

	/**
	 * How many events failed and wait for a retry or a replay.
	 */
	public long failedCount() {
		return this.events.countFailed();
	}

	/**
	 * Applies a recorded event again, whatever its status, and tells what it did.
	 * @throws StripeEventNotFound when the inbox never recorded the event
	 */
	public Replayed replay(String eventId) {
		WebhookOutcome outcome = this.ingestion.replay(eventId);
		StripeEventSummary event = this.events.findSummary(eventId).orElseThrow(() -> new StripeEventNotFound(eventId));
		logger.info("Operator replayed Stripe event {} type={} outcome={}", eventId, event.type(), outcome.label());
		return new Replayed(event, outcome.label());
	}

	private static String indented(String payload) {
		try {
			return PRETTY.writeValueAsString(PRETTY.readTree(payload));
		}
		catch (RuntimeException ex) {
			return payload;
		}
	}

	/**
	 * An event with its payload.
	 */
	public record EventDetail(StripeEventSummary summary, String payload) {
	}

	/**
	 * A replayed event as it stands now, and what the replay did ({@code applied},
	 * {@code stale} or {@code ignored}).
	 */
	public record Replayed(StripeEventSummary event, String outcome) {
	}

}
