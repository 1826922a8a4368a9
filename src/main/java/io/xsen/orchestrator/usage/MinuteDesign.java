package io.xsen.orchestrator.usage;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which minute-limit design this instance runs, for bench/run to compare them side by
 * side: the minute shares, the plain batched counter, or Bucket4j on PostgreSQL.
 */
@Component
class MinuteDesign {

	enum Kind {

		SHARES, COUNTER, BUCKET4J

	}

	private final Kind kind;

	MinuteDesign(@Value("${xsen.usage.minute-design:shares}") String kind) {
		this.kind = Kind.valueOf(kind.trim().toUpperCase(java.util.Locale.ROOT));
	}

	Kind kind() {
		return this.kind;
	}

}
