package io.xsen.orchestrator.access;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counts access decisions by outcome and tokens by how they were issued, with every meter
 * registered up front so a request only increments, and shows whether the token cache is
 * trusted.
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

	private final Map<TokenChannel, Counter> issued = new EnumMap<>(TokenChannel.class);

	AccessMetrics(MeterRegistry registry, TokenLookupCache cache) {
		for (Decision decision : Decision.values()) {
			this.decisions.put(decision,
					Counter.builder("xsen.access.decisions")
						.description("Requests the security chain allowed or denied, by outcome")
						.tag("outcome", decision.name().toLowerCase(Locale.ROOT))
						.register(registry));
		}
		for (TokenChannel channel : TokenChannel.values()) {
			this.issued.put(channel,
					Counter.builder("xsen.tokens.issued")
						.description("Customer tokens issued, by how they reached the customer")
						.tag("issued_via", channel.column())
						.register(registry));
		}
		Gauge.builder("xsen.token.cache.trusted", cache, (trusted) -> trusted.isTrusted() ? 1 : 0)
			.description("1 while access change notifications are proven to flow and the token cache answers, else 0")
			.register(registry);
		Gauge.builder("xsen.token.cache.changed.customers", cache, TokenLookupCache::stampCount)
			.description("Customers whose recent changes the token cache remembers")
			.register(registry);
	}

	void decided(Decision decision) {
		this.decisions.get(decision).increment();
	}

	void issued(TokenChannel channel) {
		this.issued.get(channel).increment();
	}

}
