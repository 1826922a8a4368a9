package io.xsen.orchestrator.usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An instance that crashes, stops, restarts or loses PostgreSQL: quotas err towards
 * under-use, never serve more, and lose nothing an instance could record.
 */
class PeriodQuotaCrashAndRestartTests {

	private final ManualUsageTime time = ManualUsageTime.atMinuteStart();

	private final InMemoryPeriodCounters counters = new InMemoryPeriodCounters(this.time);

	private final UsagePeriod period = new UsagePeriod("sub_Crash", "cus_Crash", this.time.now(),
			this.time.now().plus(Duration.ofDays(30)));

	@Test
	void anInstanceThatCrashesHoldingALeaseLeavesItsUnitsReservedSoTheOthersServeLessNeverMore() {
		PeriodQuota crashing = instance();
		PeriodQuota surviving = instance();
		// Its block of 15 of the 120: one served, 14 held when it crashes.
		assertThat(crashing.spend(this.period, "team", 120L)).isNotNull();

		int served = 0;
		while (surviving.spend(this.period, "team", 120L) != null) {
			served++;
		}
		this.counters.settle(surviving.takeSettlements(PeriodSettlement.Taking.EVERYTHING));

		assertThat(served).isEqualTo(105);
		// The crashed instance's unsettled message is missing; its units stay reserved.
		assertThat(this.counters.used(this.period)).isEqualTo(105);
		assertThat(this.counters.reserved(this.period)).isEqualTo(120);
	}

	@Test
	void anInstanceThatStopsRecordsEverythingAndHandsItsUnitsBackForItsReplacement() {
		PeriodQuota stopping = instance();
		for (int i = 0; i < 3; i++) {
			assertThat(stopping.spend(this.period, "team", 120L)).isNotNull();
		}
		this.counters.settle(stopping.takeSettlements(PeriodSettlement.Taking.EVERYTHING));

		PeriodQuota restarted = instance();
		int served = 0;
		while (restarted.spend(this.period, "team", 120L) != null) {
			served++;
		}
		this.counters.settle(restarted.takeSettlements(PeriodSettlement.Taking.EVERYTHING));

		assertThat(served).isEqualTo(117);
		assertThat(this.counters.used(this.period)).isEqualTo(120);
		assertThat(this.counters.reserved(this.period)).isEqualTo(120);
	}

	@Test
	void withPostgresqlUnreachableAnInstanceServesOnlyWhatItReservedAndRecordsItOnceBack() {
		PeriodQuota instance = instance();
		// The first message reserves a block of an eighth of the 120: 15.
		assertThat(instance.spend(this.period, "team", 120L)).isNotNull();

		this.counters.unreachable(true);
		List<Boolean> served = new ArrayList<>();
		for (int i = 0; i < 14; i++) {
			served.add(instance.spend(this.period, "team", 120L) != null);
		}
		assertThat(served).containsOnly(true);
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> instance.spend(this.period, "team", 120L));
		List<PeriodSettlement> failed = instance.takeSettlements(PeriodSettlement.Taking.DUE);
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> this.counters.settle(failed));
		failed.forEach(instance::restore);

		this.counters.unreachable(false);
		this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.DUE));
		assertThat(this.counters.used(this.period)).isEqualTo(15);
		assertThat(instance.spend(this.period, "team", 120L)).isNotNull();
	}

	@Test
	void aRefundAfterTheLeaseWasForgottenGoesToTheLeaseThatReplacedIt() {
		PeriodQuota instance = instance();
		PeriodQuota.Spent spent = instance.spend(this.period, "team", null);
		this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.DUE));
		// Idle and empty: the scan forgets the lease.
		this.time.advance(Duration.ofSeconds(6));
		this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.DUE));

		instance.refund(spent);
		this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.DUE));

		assertThat(this.counters.used(this.period)).isZero();
	}

	private PeriodQuota instance() {
		return new PeriodQuota(this.counters, this.time, new UsageProperties(true, null, Map.of(), Duration.ZERO));
	}

}
