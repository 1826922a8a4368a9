package io.xsen.orchestrator.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instances spending a customer's minute from blocks of one counter never serve
 * more than the limit together, and a customer on one instance gets all of it.
 */
class MinuteLimitExactnessTests {

	private final ManualUsageTime time = ManualUsageTime.atMinuteStart();

	private final InMemoryMinuteCounters counters = new InMemoryMinuteCounters();

	private final Instant minute = this.time.currentMinute();

	@Test
	void aSoleInstanceServesTheWholeMinuteCountingDownAndThenRefuses() {
		MinuteLimit instance = instance();

		List<Long> left = spend(instance, "cus_Sole", this.minute, 20, 21);

		assertThat(left).containsExactlyElementsOf(
				LongStream.rangeClosed(-1, 19).boxed().sorted(Comparator.reverseOrder()).toList());
		assertThat(this.counters.reserved("cus_Sole", this.minute)).isEqualTo(20);
	}

	@Test
	void twoInstancesTakingTurnsNeverServeMoreThanTheLimitTogether() {
		List<MinuteLimit> instances = List.of(instance(), instance());

		List<Long> left = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			left.add(instances.get((i * 7 / 3) % 2).spend("cus_Turns", this.minute, 20));
		}

		// Each instance gets 30 requests: it spends every unit it reserved.
		assertThat(left).filteredOn(remaining -> remaining >= 0).hasSize(20);
		assertThat(this.counters.reserved("cus_Turns", this.minute)).isEqualTo(20);
	}

	@Test
	void threeInstancesHammeredOnManyThreadsServeExactlyTheLimitWhenEachHasRequestsEnough() {
		List<MinuteLimit> instances = List.of(instance(), instance(), instance());
		ExecutorService pool = Executors.newFixedThreadPool(12);
		List<CompletableFuture<Long>> answers = new ArrayList<>();
		for (int i = 0; i < 600; i++) {
			MinuteLimit instance = instances.get(i % 3);
			answers.add(CompletableFuture.supplyAsync(() -> instance.spend("cus_Hammer", this.minute, 100), pool));
		}

		List<Long> left = answers.stream().map(CompletableFuture::join).toList();
		pool.shutdown();

		// Each instance gets 200 requests: it spends every unit it reserved.
		assertThat(left).filteredOn(remaining -> remaining >= 0).hasSize(100);
	}

	@Test
	void aBusyCustomerCostsAFewStatementsAMinuteAndARefusedOneNone() {
		MinuteLimit instance = instance();

		spend(instance, "cus_Busy", this.minute, 60, 60);
		int asked = this.counters.reservations();
		List<Long> refused = spend(instance, "cus_Busy", this.minute, 60, 100);

		// Blocks double with the pace: 1 (or an eighth of what is left), 2, 4, ...
		assertThat(asked).isLessThanOrEqualTo(7);
		assertThat(refused).containsOnly(-1L);
		assertThat(this.counters.reservations()).isEqualTo(asked);
	}

	@Test
	void eachCustomerAndEachMinuteCountsOnItsOwn() {
		MinuteLimit instance = instance();

		List<Long> first = spend(instance, "cus_One", this.minute, 3, 4);
		List<Long> second = spend(instance, "cus_Two", this.minute, 3, 4);
		this.time.advance(Duration.ofMinutes(1));
		List<Long> next = spend(instance, "cus_One", this.time.currentMinute(), 3, 4);

		assertThat(first).containsExactly(2L, 1L, 0L, -1L);
		assertThat(second).containsExactly(2L, 1L, 0L, -1L);
		assertThat(next).containsExactly(2L, 1L, 0L, -1L);
	}

	private static List<Long> spend(MinuteLimit instance, String customer, Instant minute, long limit, int count) {
		List<Long> left = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			left.add(instance.spend(customer, minute, limit));
		}
		return left;
	}

	private MinuteLimit instance() {
		return new MinuteLimit(this.counters, this.time, new MinuteInstance());
	}

}
