package io.xsen.orchestrator.token;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counts tokens by how they were issued, with every meter registered up front so an issue
 * only increments, and shows whether the token cache is trusted.
 */
@Component
class TokenMetrics {

	private final Map<TokenChannel, Counter> issued = new EnumMap<>(TokenChannel.class);

	TokenMetrics(MeterRegistry registry, TokenLookupCache cache) {
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

	void issued(TokenChannel channel) {
		this.issued.get(channel).increment();
	}

}
