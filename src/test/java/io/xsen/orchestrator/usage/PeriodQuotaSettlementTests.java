package io.xsen.orchestrator.usage;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a settlement takes from the leases: each message once, after
 * {@code XSEN_USAGE_SETTLE_AFTER} unless a read needs it, and again after a failure.
 */
class PeriodQuotaSettlementTests {

	private final ManualUsageTime time = ManualUsageTime.atMinuteStart();

	private final InMemoryPeriodCounters counters = new InMemoryPeriodCounters(this.time);

	private final UsagePeriod period = new UsagePeriod("sub_Settle", "cus_Settle", this.time.now(),
			this.time.now().plus(Duration.ofDays(30)));

	@Test
	void eachSettlementTakesWhatWasSpentOrRefundedSinceTheLastOneWithoutWaitingForTheScanOfIdleLeases() {
		PeriodQuota instance = instanceSettlingAfter(Duration.ZERO);
		assertThat(instance.spend(this.period, "basic", 800L)).isNotNull();
		PeriodQuota.Spent second = instance.spend(this.period, "basic", 800L);
		this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.DUE));
		assertThat(this.counters.used(this.period)).isEqualTo(2);

		instance.refund(second);
		this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.DUE));
		assertThat(this.counters.used(this.period)).isEqualTo(1);
		assertThat(instance.takeSettlements(PeriodSettlement.Taking.DUE)).isEmpty();
	}

	@Test
	void spendingWaitsSettleAfterInTheLeaseAndThenGoesInOneRowUnlessAReadNeedsItAtOnce() {
		PeriodQuota instance = instanceSettlingAfter(Duration.ofSeconds(2));
		for (int message = 0; message < 3; message++) {
			assertThat(instance.spend(this.period, "basic", 800L)).isNotNull();
		}
		this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.DUE));
		assertThat(this.counters.used(this.period)).isZero();

		this.time.advance(Duration.ofMillis(2_100));
		// Spent after the first message waited long enough: it goes in the same row.
		assertThat(instance.spend(this.period, "basic", 800L)).isNotNull();
		List<PeriodSettlement> due = instance.takeSettlements(PeriodSettlement.Taking.DUE);
		assertThat(due).singleElement().extracting(PeriodSettlement::spent).isEqualTo(4L);
		this.counters.settle(due);
		assertThat(this.counters.used(this.period)).isEqualTo(4);

		assertThat(instance.spend(this.period, "basic", 800L)).isNotNull();
		this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.SPENT));
		assertThat(this.counters.used(this.period)).isEqualTo(5);
	}

	@Test
	void aSettlementThatCouldNotBeRecordedIsDueAtTheNextOneWithoutWaitingSettleAfterAgain() {
		PeriodQuota instance = instanceSettlingAfter(Duration.ofSeconds(2));
		for (int message = 0; message < 3; message++) {
			assertThat(instance.spend(this.period, "basic", 800L)).isNotNull();
		}
		this.time.advance(Duration.ofMillis(2_100));
		List<PeriodSettlement> failed = instance.takeSettlements(PeriodSettlement.Taking.DUE);
		assertThat(failed).singleElement().extracting(PeriodSettlement::spent).isEqualTo(3L);

		failed.forEach(instance::restore);
		this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.DUE));
		assertThat(this.counters.used(this.period)).isEqualTo(3);
	}

	@Test
	void anIdleLeaseKeepsItsWaitingSpendingThroughTheScanThatForgetsEmptyLeases() {
		// Unlimited: the lease holds no units, so only its spending keeps it.
		PeriodQuota instance = instanceSettlingAfter(Duration.ofSeconds(7));
		assertThat(instance.spend(this.period, "team", null)).isNotNull();
		this.time.advance(Duration.ofNanos(PeriodQuota.SCAN_EVERY_NANOS).plusMillis(500));
		assertThat(instance.takeSettlements(PeriodSettlement.Taking.DUE)).isEmpty();

		this.time.advance(Duration.ofSeconds(2));
		this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.DUE));
		assertThat(this.counters.used(this.period)).isEqualTo(1);
	}

	@Test
	void aLeaseThatSpendsWhileItsSettlementIsTakenIsSettledInOneRowEachTime() throws InterruptedException {
		PeriodQuota instance = instanceSettlingAfter(Duration.ZERO);
		AtomicBoolean spending = new AtomicBoolean(true);
		AtomicLong spent = new AtomicLong();
		Thread customer = new Thread(() -> {
			while (spending.get()) {
				if (instance.spend(this.period, "basic", 1_000_000L) != null) {
					spent.incrementAndGet();
				}
			}
		});
		customer.start();
		// Settled again and again while the customer spends, and wanted by another
		// instance (which takes nothing from a busy lease): every message is recorded
		// once.
		List<PeriodCounters.Wanted> wanted = List
			.of(new PeriodCounters.Wanted(this.period.subscriptionId(), this.period.start(), this.time.now()));
		for (int settlement = 0; settlement < 2_000 || spent.get() < 1_000; settlement++) {
			instance.wanted(wanted);
			List<PeriodSettlement> taken = instance.takeSettlements(PeriodSettlement.Taking.DUE);
			assertThat(taken).extracting(PeriodSettlement::period).doesNotHaveDuplicates();
			this.counters.settle(taken);
		}
		spending.set(false);
		customer.join();
		this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.DUE));

		assertThat(spent.get()).isPositive();
		assertThat(this.counters.used(this.period)).isEqualTo(spent.get());
	}

	private PeriodQuota instanceSettlingAfter(Duration settleAfter) {
		return new PeriodQuota(this.counters, this.time, new UsageProperties(true, null, Map.of(), settleAfter));
	}

}
