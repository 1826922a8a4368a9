package io.xsen.orchestrator.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The minute limit across the edges of a minute and of an instance's life: a minute that
 * ends while a request waits, a tier change within the minute, a crash and a restart.
 */
class MinuteLimitBoundaryTests {

	private final ManualUsageTime time = ManualUsageTime.atMinuteStart();

	private final InMemoryMinuteCounters counters = new InMemoryMinuteCounters();

	private final Instant minute = this.time.currentMinute();

	@Test
	void aCustomerRefusedInOneMinuteIsServedTheWholeLimitInTheNext() {
		MinuteLimit instance = instance();
		for (int i = 0; i < 3; i++) {
			instance.spend("cus_Next", this.minute, 3);
		}
		assertThat(instance.spend("cus_Next", this.minute, 3)).isEqualTo(-1);

		this.time.advance(Duration.ofSeconds(60));

		assertThat(instance.spend("cus_Next", this.time.currentMinute(), 3)).isEqualTo(2);
		assertThat(instance.requestsLeft("cus_Next", this.time.currentMinute(), 3)).isEqualTo(2);
	}

	@Test
	void aRequestWhoseMinuteEndsWhileItWaitsForPostgresqlCountsInTheMinuteBegun() throws Exception {
		MinuteLimit instance = instance();
		CountDownLatch slow = new CountDownLatch(1);
		this.counters.holdReservations("cus_Edge", slow);
		CompletableFuture<Long> waiting = CompletableFuture
			.supplyAsync(() -> instance.spend("cus_Edge", this.minute, 3));
		// The reservation is asked for, and the minute ends before PostgreSQL answers.
		while (this.counters.arrived() == 0 && !waiting.isDone()) {
			Thread.onSpinWait();
		}
		this.time.advance(Duration.ofSeconds(60));
		Instant next = this.time.currentMinute();
		this.counters.holdReservations("cus_Edge", null);
		long inNext = instance.spend("cus_Edge", next, 3);
		slow.countDown();

		long answered = waiting.get(10, TimeUnit.SECONDS);
		long last = instance.spend("cus_Edge", next, 3);

		assertThat(inNext).isEqualTo(2);
		assertThat(answered).isBetween(0L, 1L);
		assertThat(last).isEqualTo(0L);
		assertThat(instance.spend("cus_Edge", next, 3)).isEqualTo(-1);
		assertThat(this.counters.reserved("cus_Edge", next)).isEqualTo(3);
	}

	@Test
	void aTierChangeWithinTheMinuteCountsWhatWasReservedAgainstTheNewLimit() {
		MinuteLimit instance = instance();
		for (int i = 0; i < 10; i++) {
			assertThat(instance.spend("cus_Tier", this.minute, 20)).isNotNegative();
		}

		int servedUnderTheNewLimit = 0;
		while (instance.spend("cus_Tier", this.minute, 12) >= 0) {
			servedUnderTheNewLimit++;
		}

		assertThat(10 + servedUnderTheNewLimit).isLessThanOrEqualTo(12);
		assertThat(this.counters.reserved("cus_Tier", this.minute)).isLessThanOrEqualTo(20);
	}

	@Test
	void anInstanceThatCrashesHoldingABlockLeavesItUnservedAndItsReplacementServesTheRest() {
		MinuteLimit crashing = instance();
		// One served, a block of 2 reserved: the other unit is lost with the instance.
		assertThat(crashing.spend("cus_Crash", this.minute, 20)).isEqualTo(19);

		MinuteLimit restarted = instance();
		int served = 0;
		while (restarted.spend("cus_Crash", this.minute, 20) >= 0) {
			served++;
		}

		assertThat(served).isEqualTo(18);
		assertThat(this.counters.reserved("cus_Crash", this.minute)).isEqualTo(20);
	}

	@Test
	void customersGoneForTenMinutesAreForgottenAndStartAfreshWhenTheyComeBack() {
		MinuteLimit instance = instance();
		instance.spend("cus_Gone", this.minute, 3);

		this.time.advance(Duration.ofMinutes(11));
		instance.forgetIdle();

		assertThat(instance.requestsLeft("cus_Gone", this.minute, 3)).isEqualTo(3);
		assertThat(instance.spend("cus_Gone", this.time.currentMinute(), 3)).isEqualTo(2);
	}

	private MinuteLimit instance() {
		return new MinuteLimit(this.counters, this.time, new MinuteInstance());
	}

}
