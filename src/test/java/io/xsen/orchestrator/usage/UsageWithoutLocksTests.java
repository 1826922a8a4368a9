package io.xsen.orchestrator.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reservation PostgreSQL is slow to answer delays only the request that waits for it:
 * no lock is held meanwhile, so the same customer's other requests, other customers and
 * the settlement go on. Each test holds a reservation and finishes its other work before
 * letting it go.
 */
class UsageWithoutLocksTests {

	private final ManualUsageTime time = ManualUsageTime.atMinuteStart();

	private final CountDownLatch slow = new CountDownLatch(1);

	@AfterEach
	void answer() {
		this.slow.countDown();
	}

	@Test
	void aSlowMinuteReservationDelaysNeitherOtherCustomersNorReadsOfTheSameCustomer() throws Exception {
		InMemoryMinuteCounters counters = new InMemoryMinuteCounters();
		MinuteLimit instance = new MinuteLimit(counters, this.time, new MinuteInstance());
		Instant minute = this.time.currentMinute();
		assertThat(instance.spend("cus_Slow", minute, 3)).isEqualTo(2);
		counters.holdReservations("cus_Slow", this.slow);
		CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> instance.spend("cus_Slow", minute, 3));
		while (counters.arrived() < 2) {
			Thread.onSpinWait();
		}

		long other = instance.spend("cus_Other", minute, 3);
		long left = instance.requestsLeft("cus_Slow", minute, 3);
		instance.forgetIdle();
		this.slow.countDown();

		assertThat(other).isEqualTo(2);
		assertThat(left).isEqualTo(2);
		assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(1);
	}

	@Test
	void aSlowPeriodReservationDelaysNeitherTheSettlementNorTheSameCustomersRefundsAndReads() throws Exception {
		InMemoryPeriodCounters counters = new InMemoryPeriodCounters(this.time);
		PeriodQuota instance = new PeriodQuota(counters, this.time,
				new UsageProperties(true, null, Map.of(), Duration.ZERO));
		UsagePeriod period = new UsagePeriod("sub_Slow", "cus_Slow", this.time.now(),
				this.time.now().plus(Duration.ofDays(30)));
		PeriodQuota.Spent spent = instance.spend(period, "basic", 8L);
		counters.holdReservations(this.slow);
		CompletableFuture<PeriodQuota.Spent> waiting = CompletableFuture
			.supplyAsync(() -> instance.spend(period, "basic", 8L));
		while (counters.arrived() < 2) {
			Thread.onSpinWait();
		}

		instance.refund(spent);
		long unsettled = instance.unsettled(period);
		this.time.advance(Duration.ofSeconds(6));
		List<PeriodSettlement> taken = instance.takeSettlements(PeriodSettlement.Taking.SPENT);
		this.slow.countDown();

		assertThat(unsettled).isZero();
		assertThat(taken).isEmpty();
		assertThat(waiting.get(10, TimeUnit.SECONDS)).isNotNull();
		counters.settle(instance.takeSettlements(PeriodSettlement.Taking.SPENT));
		assertThat(counters.used(period)).isEqualTo(1);
	}

}
