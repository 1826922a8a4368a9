package io.xsen.orchestrator.usage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The shared state of the minute limit: per customer and clock minute a counter that
 * instances reserve blocks of requests from, and per minute the instances that claimed a
 * share of every customer's minute.
 */
interface MinuteCounters {

	/**
	 * Reserves a block of the customer's requests in the minute starting at
	 * {@code minute}: {@code wanted} units, at least an eighth of what is left, never
	 * more than is left. A new counter counts the shares of the minute's instances as
	 * reserved.
	 * @param shares the instances that claimed the minute
	 * @param releasing this instance's bit when it hands its (spent) share back with it,
	 * else 0
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	Grant reserve(String customerId, Instant minute, long limit, long wanted, int shares, long releasing);

	/**
	 * Claims a share of every customer's requests in a minute to come for the instance;
	 * refused without a word once the minute is sealed.
	 */
	void claim(Instant minute, String instance);

	/**
	 * Seals a minute: no instance may claim it after this.
	 * @return the instances that claimed it, in their order
	 */
	List<String> seal(Instant minute);

	/** Takes an instance out of the minutes it claimed that are not sealed yet. */
	void withdrawClaims(String instance);

	/**
	 * The sealed minutes from {@code from} on that {@code instance} claimed a share of.
	 */
	List<MinuteShares> sealedClaims(String instance, Instant from);

	/**
	 * Hands back a stopping instance's share of a minute on the counters of the customers
	 * it served, keeping what it spent, then marks it departed: the shares it holds on
	 * other counters go back when they are next asked, and new counters count none.
	 * @param served what the instance spent of each customer's share, with the limit
	 */
	void depart(MinuteShares shares, Map<String, Served> served);

	/**
	 * The customers whose minute counter another instance found dry while the instance
	 * with {@code bit} still holds a share, with the limit the counter is under.
	 */
	Map<String, Long> awaitingShares(Instant minute, long bit);

	/**
	 * Hands the instance's shares of a minute back: the unused units go back to each
	 * customer's counter, once per share.
	 */
	void releaseShares(Instant minute, long bit, Map<String, Long> unused);

	/**
	 * What a reservation handed out.
	 *
	 * @param reserved the counter's reserved total after it, on every instance together
	 * @param granted the units it gave this instance
	 * @param held the instances still holding a share of the minute, by their bits
	 */
	record Grant(long reserved, long granted, long held) {
	}

	/**
	 * What a stopping instance spent of a customer's share of a minute, under the limit.
	 */
	record Served(long limit, long spent) {
	}

}
