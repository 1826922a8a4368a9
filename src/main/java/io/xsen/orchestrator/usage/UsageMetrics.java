package io.xsen.orchestrator.usage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counts metered messages per tier and the requests metering refused, per reason.
 */
@Component
class UsageMetrics {

	static final String RATE_LIMITED = "rate_limited";

	static final String QUOTA_EXCEEDED = "quota_exceeded";

	static final String DATABASE_UNAVAILABLE = "database_unavailable";

	private final MeterRegistry registry;

	private final Map<String, Counter> messages = new ConcurrentHashMap<>();

	private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

	UsageMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (String reason : new String[] { RATE_LIMITED, QUOTA_EXCEEDED, DATABASE_UNAVAILABLE }) {
			this.refusals.put(reason,
					Counter.builder("xsen.usage.refused")
						.description("Customer API requests metering refused, by reason")
						.tag("reason", reason)
						.register(registry));
		}
	}

	void counted(String tier) {
		this.messages
			.computeIfAbsent(tier,
					name -> Counter.builder("xsen.usage.messages")
						.description("Chat messages counted against customers' quotas, by tier")
						.tag("tier", name)
						.register(this.registry))
			.increment();
	}

	void refused(String reason) {
		this.refusals.get(reason).increment();
	}

}
