package io.xsen.orchestrator.usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instances spending one period's quota from leases on one counter serve exactly
 * the quota, whatever the order of their requests.
 */
class PeriodQuotaExactnessTests {

	private final ManualUsageTime time = ManualUsageTime.atMinuteStart();

	private final InMemoryPeriodCounters counters = new InMemoryPeriodCounters(this.time);

	private final UsagePeriod period = new UsagePeriod("sub_Exact", "cus_Exact", this.time.now(),
			this.time.now().plus(Duration.ofDays(30)));

	@Test
	void twoInstancesTakingTurnsServeExactlyTheQuotaAndRecordIt() {
		List<PeriodQuota> instances = List.of(instance(), instance());

		int served = 0;
		for (int i = 0; i < 300; i++) {
			if (instances.get(i % 2).spend(this.period, "team", 120L) != null) {
				served++;
			}
		}
		instances
			.forEach(instance -> this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.EVERYTHING)));

		assertThat(served).isEqualTo(120);
		assertThat(this.counters.used(this.period)).isEqualTo(120);
		assertThat(this.counters.reserved(this.period)).isEqualTo(120);
	}

	@Test
	void theLastUnitsGoOneAtATimeSoASmallQuotaIsServedExactlyOverTwoInstances() {
		PeriodQuota first = instance();
		PeriodQuota second = instance();

		List<Boolean> served = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			served.add(first.spend(this.period, "basic", 5L) != null);
			served.add(second.spend(this.period, "basic", 5L) != null);
		}

		assertThat(served).containsExactly(true, true, true, true, true, false, false, false);
	}

	@Test
	void threeInstancesHammeredOnManyThreadsServeExactlyTheQuota() {
		List<PeriodQuota> instances = List.of(instance(), instance(), instance());
		ExecutorService pool = Executors.newFixedThreadPool(12);
		List<CompletableFuture<Boolean>> answers = new ArrayList<>();
		for (int i = 0; i < 3000; i++) {
			PeriodQuota instance = instances.get(i % 3);
			answers.add(CompletableFuture.supplyAsync(() -> instance.spend(this.period, "team", 1000L) != null, pool));
		}

		List<Boolean> served = answers.stream().map(CompletableFuture::join).toList();
		pool.shutdown();

		assertThat(served).filteredOn(Boolean::booleanValue).hasSize(1000);
	}

	@Test
	void blocksAreAnEighthOfWhatIsLeftAtLeastOneAndAtMostAHundred() {
		PeriodQuota instance = instance();
		UsagePeriod small = new UsagePeriod("sub_Small", "cus_Small", this.period.start(), this.period.end());
		UsagePeriod large = new UsagePeriod("sub_Large", "cus_Large", this.period.start(), this.period.end());

		PeriodQuota.Spent first = instance.spend(this.period, "team", 120L);
		instance.spend(small, "basic", 7L);
		instance.spend(large, "premium", 10_000L);

		assertThat(this.counters.reserved(this.period)).isEqualTo(15);
		// The RateLimit field counts the 14 units held here as left.
		assertThat(first.remaining()).isEqualTo(119);
		assertThat(this.counters.reserved(small)).isEqualTo(1);
		assertThat(this.counters.reserved(large)).isEqualTo(100);
	}

	@Test
	void anUnlimitedTierSpendsWithoutReservingAndRecordsEveryMessage() {
		PeriodQuota instance = instance();

		for (int i = 0; i < 3; i++) {
			assertThat(instance.spend(this.period, "team", null)).extracting(PeriodQuota.Spent::remaining).isNull();
		}
		this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.DUE));

		assertThat(this.counters.reservations()).isZero();
		assertThat(this.counters.used(this.period)).isEqualTo(3);
	}

	private PeriodQuota instance() {
		return new PeriodQuota(this.counters, this.time, new UsageProperties(true, null, Map.of(), Duration.ZERO));
	}

}
