package io.xsen.orchestrator.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Units a lease holds unspent go back to the counter when other instances may need them:
 * idle near the limit, wanted by an instance that found the counter used up, idle for ten
 * minutes, or past the period's end.
 */
class PeriodQuotaHandBackTests {

	private final ManualUsageTime time = ManualUsageTime.atMinuteStart();

	private final InMemoryPeriodCounters counters = new InMemoryPeriodCounters(this.time);

	private final UsagePeriod period = new UsagePeriod("sub_Back", "cus_Back", this.time.now(),
			this.time.now().plus(Duration.ofDays(30)));

	@Test
	void unitsAnIdleLeaseHoldsGoBackWhenAnotherInstanceFindsTheCounterUsedUp() {
		PeriodQuota first = instance();
		PeriodQuota second = instance();
		// The first instance serves one message and holds the rest of its block (100).
		assertThat(first.spend(this.period, "basic", 800L)).isNotNull();
		Instant before = this.time.now().minusSeconds(1);
		int served = 0;
		while (second.spend(this.period, "basic", 800L) != null) {
			served++;
		}
		assertThat(served).isEqualTo(700);
		// A counter found used up is asked again after a second: this ask marks it
		// wanted.
		this.time.advance(Duration.ofMillis(1_100));
		assertThat(second.spend(this.period, "basic", 800L)).isNull();

		first.wanted(this.counters.wantedSince(before));
		this.time.advance(Duration.ofNanos(PeriodQuota.IDLE_NANOS).plusMillis(500));
		this.counters.settle(first.takeSettlements(PeriodSettlement.Taking.DUE));

		while (second.spend(this.period, "basic", 800L) != null) {
			served++;
		}
		assertThat(served).isEqualTo(799);
	}

	@Test
	void aCounterFoundUsedUpIsAskedAgainAtMostOnceASecond() {
		PeriodQuota instance = instance();
		while (instance.spend(this.period, "basic", 5L) != null) {
			// Spends the quota.
		}
		int asked = this.counters.reservations();

		for (int i = 0; i < 10; i++) {
			assertThat(instance.spend(this.period, "basic", 5L)).isNull();
		}
		assertThat(this.counters.reservations()).isEqualTo(asked);
		this.time.advance(Duration.ofMillis(1_100));
		assertThat(instance.spend(this.period, "basic", 5L)).isNull();

		assertThat(this.counters.reservations()).isEqualTo(asked + 1);
	}

	@Test
	void aWantedLeaseStillInUseKeepsItsUnitsUntilItHasBeenIdleForFiveSeconds() {
		PeriodQuota busy = instance();
		PeriodQuota other = instance();
		busy.spend(this.period, "basic", 800L);
		Instant before = this.time.now().minusSeconds(1);
		while (other.spend(this.period, "basic", 800L) != null) {
			// Takes all the counter has left.
		}
		// Asked again after a second, the counter is found used up and marked wanted.
		this.time.advance(Duration.ofMillis(1_100));
		assertThat(other.spend(this.period, "basic", 800L)).isNull();
		busy.wanted(this.counters.wantedSince(before));

		this.time.advance(Duration.ofSeconds(4));
		busy.spend(this.period, "basic", 800L);
		this.time.advance(Duration.ofSeconds(4));
		this.counters.settle(busy.takeSettlements(PeriodSettlement.Taking.DUE));
		assertThat(busy.unspent(this.period)).isEqualTo(98);
		this.time.advance(Duration.ofSeconds(2));
		this.counters.settle(busy.takeSettlements(PeriodSettlement.Taking.DUE));

		assertThat(busy.unspent(this.period)).isZero();
		assertThat(this.counters.reserved(this.period)).isEqualTo(702);
	}

	@Test
	void aLeaseFarFromTheLimitKeepsItsUnitsForTenIdleMinutesSoAReturningCustomerNeedsNoStatement() {
		PeriodQuota instance = instance();
		instance.spend(this.period, "premium", 10_000L);
		int asked = this.counters.reservations();

		this.time.advance(Duration.ofMinutes(9));
		this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.DUE));
		assertThat(instance.spend(this.period, "premium", 10_000L)).isNotNull();
		assertThat(this.counters.reservations()).isEqualTo(asked);
		this.time.advance(Duration.ofMinutes(10).plusSeconds(6));
		this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.DUE));

		assertThat(instance.unspent(this.period)).isZero();
		assertThat(this.counters.reserved(this.period)).isEqualTo(2);
		assertThat(this.counters.used(this.period)).isEqualTo(2);
	}

	@Test
	void aLeaseHandsItsUnitsBackWhenItsPeriodEndsAndTheNextPeriodStartsFromZero() {
		PeriodQuota instance = instance();
		UsagePeriod ending = new UsagePeriod("sub_Ending", "cus_Ending", this.time.now().minus(Duration.ofDays(30)),
				this.time.now().plusSeconds(1));
		instance.spend(ending, "team", 120L);

		// A request computed its period just before the end and spends after it: it
		// counts
		// in the period it was computed for.
		this.time.advance(Duration.ofSeconds(2));
		assertThat(instance.spend(ending, "team", 120L)).isNotNull();
		UsagePeriod next = UsagePeriod.current(ending.subscriptionId(), ending.customerId(), ending.start(),
				ending.end(), this.time.now());
		PeriodQuota.Spent first = instance.spend(next, "team", 120L);
		this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.DUE));
		this.time.advance(Duration.ofSeconds(6));
		this.counters.settle(instance.takeSettlements(PeriodSettlement.Taking.DUE));

		assertThat(next.start()).isEqualTo(ending.end());
		assertThat(first.remaining()).isEqualTo(119);
		assertThat(this.counters.used(ending)).isEqualTo(2);
		assertThat(this.counters.reserved(ending)).isEqualTo(2);
		assertThat(this.counters.used(next)).isEqualTo(1);
	}

	private PeriodQuota instance() {
		return new PeriodQuota(this.counters, this.time, new UsageProperties(true, null, Map.of(), Duration.ZERO));
	}

}
