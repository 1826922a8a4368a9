package io.xsen.orchestrator.email;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.xsen.orchestrator.subscription.CustomerSubscription;
import io.xsen.orchestrator.subscription.SubscriptionLedger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes the emails XSEN owes its customers into the outbox, inside the transaction of
 * the change that causes them, once per (subscription, kind, period or event): a second
 * write of the same key is ignored.
 */
@Service
public class EmailOutbox {

	private static final Logger logger = LoggerFactory.getLogger(EmailOutbox.class);

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final SubscriptionLedger ledger;

	private final EmailProperties properties;

	private final Clock clock;

	EmailOutbox(JdbcClient jdbc, JsonMapper json, SubscriptionLedger ledger, EmailProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.ledger = ledger;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Queues the warning that a subscription's usage reached 80 % ({@code quota_80}) or
	 * 100 % ({@code quota_100}) of its messages for the period, at most once per
	 * subscription, kind and period; a subscription without an email gets none. Must run
	 * inside the transaction that records the usage.
	 * @param kind {@code quota_80} or {@code quota_100}
	 * @return whether this call queued the email (false: already queued for the period,
	 * or no email to send it to)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean enqueueQuotaWarning(String subscriptionId, String kind, Instant periodStart, Instant periodEnd,
			long messagesUsed, long messagesLimit) {
		EmailKind quota = EmailKind.of(kind)
			.filter(known -> known == EmailKind.QUOTA_80 || known == EmailKind.QUOTA_100)
			.orElseThrow(() -> new IllegalArgumentException("Not a quota warning: " + kind));
		Optional<CustomerSubscription> found = this.ledger.find(subscriptionId);
		if (found.isEmpty() || found.get().email() == null) {
			logger.debug("No {} email for subscription {}: no email address on record", kind, subscriptionId);
			return false;
		}
		CustomerSubscription subscription = found.get();
		Map<String, String> details = new LinkedHashMap<>();
		details.put("tier", String.valueOf(subscription.tier()));
		details.put("period_end", periodEnd.toString());
		details.put("messages_used", Long.toString(messagesUsed));
		details.put("messages_limit", Long.toString(messagesLimit));
		return enqueue(quota, subscription, key(quota, subscriptionId, periodStart.getEpochSecond()), details);
	}

	/**
	 * Queues an email about one subscription under {@code dedupKey}, to the
	 * subscription's email address.
	 * @return whether this call queued it
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean enqueue(EmailKind kind, CustomerSubscription subscription, String dedupKey, Map<String, String> details) {
		String recipient = subscription.email();
		if (recipient == null) {
			return false;
		}
		Instant now = this.clock.instant();
		int queued = this.jdbc
			.sql("""
					INSERT INTO email_outbox (dedup_key, kind, stripe_customer_id, stripe_subscription_id, recipient, details,
					                          next_attempt_at, retry_until, created_at)
					VALUES (:key, :kind, :customer, :subscription, :recipient, CAST(:details AS jsonb), :now, :until, :now)
					ON CONFLICT (dedup_key) DO NOTHING
					""")
			.param("key", dedupKey)
			.param("kind", kind.column())
			.param("customer", subscription.customerId())
			.param("subscription", subscription.subscriptionId())
			.param("recipient", recipient)
			.param("details", this.json.writeValueAsString(details))
			.param("now", utc(now))
			.param("until", utc(now.plus(this.properties.retryFor())))
			.update();
		if (queued > 0) {
			logger.info("Queued the {} email for subscription {}", kind.column(), subscription.subscriptionId());
		}
		return queued > 0;
	}

	/** The key that makes an email once per subscription, kind and period or event. */
	static String key(EmailKind kind, String subscriptionId, @Nullable Object periodOrEvent) {
		return kind.column() + ":" + subscriptionId + ((periodOrEvent != null) ? ":" + periodOrEvent : "");
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
