package io.xsen.orchestrator.usage;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * The minute limit: spends a request of the customer's clock minute from a block this
 * instance reserved on the customer's minute counter, reserving the next block when it
 * runs dry.
 *
 * <p>
 * The counter hands out blocks until the limit is reserved, so the instances together
 * never serve more than the limit in a minute. A block is what the instance spent of the
 * minute so far (so a busy customer costs few statements), at least an eighth of what is
 * left, and never more than is left; units an instance holds when the minute ends are not
 * served (under-use, never over-service).
 */
@Component
class MinuteLimit {

	// Customers gone this long are forgotten; steady traffic reuses a customer's object.
	private static final long FORGET_AFTER_SECONDS = TimeUnit.MINUTES.toSeconds(10);

	private final Map<String, CustomerMinute> minutes = new ConcurrentHashMap<>();

	private final MinuteCounters counters;

	private final UsageTime time;

	MinuteLimit(MinuteCounters counters, UsageTime time) {
		this.counters = counters;
		this.time = time;
	}

	/**
	 * Spends one request of the customer's minute. A request of a minute this instance
	 * already left counts in the later one.
	 * @return the requests left in the minute after this one, or {@code -1} when the
	 * minute's limit is reached
	 * @throws org.springframework.dao.DataAccessException when a block is needed and
	 * PostgreSQL cannot answer
	 */
	long spend(String customerId, Instant minute, long limit) {
		long asked = minute.getEpochSecond();
		while (true) {
			long epochMinute = asked;
			CustomerMinute customer = this.minutes.computeIfAbsent(customerId,
					key -> new CustomerMinute(epochMinute, limit));
			long wanted;
			synchronized (customer) {
				if (customer.retired) {
					continue;
				}
				customer.moveTo(asked, limit);
				asked = customer.minute;
				if (customer.unspent > 0) {
					return customer.spend();
				}
				if (customer.usedUp()) {
					return -1;
				}
				wanted = Math.max(1, customer.spentHere);
			}
			// No lock is held while PostgreSQL answers: a slow reservation delays only
			// this
			// request.
			MinuteCounters.Grant grant = this.counters.reserve(customerId, Instant.ofEpochSecond(asked), limit, wanted);
			synchronized (customer) {
				if (customer.retired || customer.minute != asked || customer.limit != limit) {
					// The customer moved on while this request waited: its units are
					// left.
					continue;
				}
				customer.unspent += grant.granted();
				customer.reservedEverywhere = Math.max(customer.reservedEverywhere, grant.reserved());
				if (customer.unspent > 0) {
					return customer.spend();
				}
				if (grant.granted() == 0) {
					return -1;
				}
				// The customer's other requests took the block: ask again.
			}
		}
	}

	/**
	 * The requests left in the customer's minute as this instance knows them, without
	 * spending one.
	 */
	long requestsLeft(String customerId, Instant minute, long limit) {
		CustomerMinute customer = this.minutes.get(customerId);
		if (customer == null) {
			return limit;
		}
		synchronized (customer) {
			return (customer.minute == minute.getEpochSecond() && customer.limit == limit) ? customer.remaining()
					: limit;
		}
	}

	/**
	 * Forgets the customers who sent nothing for ten minutes.
	 */
	void forgetIdle() {
		long forgetBefore = this.time.currentMinute().getEpochSecond() - FORGET_AFTER_SECONDS;
		this.minutes.values().removeIf(customer -> {
			synchronized (customer) {
				customer.retired = customer.minute < forgetBefore;
				return customer.retired;
			}
		});
	}

}
