package io.xsen.orchestrator.security;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counts access decisions by outcome, with every meter registered up front so a request
 * only increments.
 */
@Component
class AccessMetrics {

	/**
	 * What the security chain decided about a request to the customer API.
	 */
	enum Decision {

		ALLOWED, INVALID_TOKEN, SUBSCRIPTION_INACTIVE, TIER_REQUIRED

	}

	private final Map<Decision, Counter> decisions = new EnumMap<>(Decision.class);

	AccessMetrics(MeterRegistry registry) {
		for (Decision decision : Decision.values()) {
			this.decisions.put(decision,
					Counter.builder("xsen.access.decisions")
						.description("Requests the security chain allowed or denied, by outcome")
						.tag("outcome", decision.name().toLowerCase(Locale.ROOT))
						.register(registry));
		}
	}

	void decided(Decision decision) {
		this.decisions.get(decision).increment();
	}

}
