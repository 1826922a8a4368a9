package io.xsen.orchestrator.usage;

import java.time.Instant;

/**
 * The shared counters of the minute limit, one per customer and clock minute, that every
 * instance reserves blocks of requests from.
 */
interface MinuteCounters {

	/**
	 * Reserves a block of the customer's requests in the minute starting at
	 * {@code minute}: {@code wanted} units, at least an eighth of what is left, never
	 * more than is left under {@code limit}.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	Grant reserve(String customerId, Instant minute, long limit, long wanted);

	/**
	 * What a reservation handed out.
	 *
	 * @param reserved the counter's reserved total after it, on every instance together
	 * @param granted the units it gave this instance
	 */
	record Grant(long reserved, long granted) {
	}

}
