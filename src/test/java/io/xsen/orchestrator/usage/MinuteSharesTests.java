package io.xsen.orchestrator.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instances sharing a minute: each serves its share without a statement, the counter the
 * rest, shares go back to whoever waits for them and when an instance stops, and together
 * they never serve more than the limit.
 */
class MinuteSharesTests {

	private final ManualUsageTime time = ManualUsageTime.atMinuteStart();

	private final InMemoryMinuteCounters counters = new InMemoryMinuteCounters();

	// A minute no instance seals on its own before the test claims it.
	private final Instant minute = this.time.currentMinute().plusSeconds(60);

	@Test
	void aSoleInstanceServesHalfTheMinuteFromItsShareWithoutAStatementThenTheRestFromTheCounter() {
		Instance instance = new Instance();
		instance.sharing.claim(this.minute);

		List<Long> fromShare = spend(instance, "cus_Sole", 4, 2);
		String afterShare = this.counters.counter("cus_Sole", this.minute);
		List<Long> fromCounter = spend(instance, "cus_Sole", 4, 3);

		assertThat(fromShare).containsExactly(3L, 2L);
		assertThat(afterShare).isEqualTo("no counter");
		assertThat(fromCounter).containsExactly(1L, 0L, -1L);
		// The counter counts the (spent) share as reserved.
		assertThat(this.counters.counter("cus_Sole", this.minute)).isEqualTo("4 reserved, 0 of 1 shares held");
	}

	@Test
	void aMinuteNobodyClaimedIsServedFromTheCounter() {
		Instance instance = new Instance();

		List<Long> left = spend(instance, "cus_Nobody", 3, 4);

		assertThat(instance.limit.shares(this.minute).instances()).isZero();
		assertThat(left).containsExactly(2L, 1L, 0L, -1L);
		assertThat(this.counters.counter("cus_Nobody", this.minute)).isEqualTo("3 reserved, 0 of 0 shares held");
	}

	@Test
	void anInstanceThatStopsBeforeTheMinuteIsSealedLeavesTheWholeMinuteToTheOthers() {
		Instance stopping = new Instance();
		Instance staying = new Instance();
		stopping.sharing.claim(this.minute);
		staying.sharing.claim(this.minute);

		stopping.sharing.depart();

		assertThat(staying.limit.shares(this.minute).instances()).isEqualTo(1);
		assertThat(spend(staying, "cus_Staying", 4, 5)).containsExactly(3L, 2L, 1L, 0L, -1L);
	}

	@Test
	void anInstanceThatStopsWithinTheMinuteHandsItsShareToAnInstanceStartedMeanwhileAndKeepsWhatItSpent() {
		Instance stopping = new Instance();
		Instance staying = new Instance();
		Instance started = new Instance();
		stopping.sharing.claim(this.minute);
		staying.sharing.claim(this.minute);
		// Each share is 3 of 12 (the shares cover half the limit). The stopping instance
		// serves one from its share; the started instance, which has none, makes a
		// counter
		// that counts both shares before the other stops.
		assertThat(stopping.limit.spend("cus_Served", this.minute, 12)).isEqualTo(11);
		assertThat(started.limit.spend("cus_AskedBefore", this.minute, 12)).isEqualTo(11);

		stopping.sharing.depart();

		// Its unspent 2 go to whoever asks, with the 6 beyond the shares; the staying
		// instance, which does not hand back here, still holds its 3.
		assertThat(servedUntilRefused(started, "cus_Served", 12)).isEqualTo(8);
		assertThat(this.counters.counter("cus_Served", this.minute)).isEqualTo("12 reserved, 1 of 2 shares held");
		// A counter made before it stopped gets its whole share back at the next ask.
		assertThat(servedUntilRefused(started, "cus_AskedBefore", 12)).isEqualTo(8);
		// A counter made after counts no share of it.
		assertThat(servedUntilRefused(started, "cus_Untouched", 12)).isEqualTo(9);
		assertThat(this.counters.counter("cus_Untouched", this.minute)).isEqualTo("12 reserved, 1 of 2 shares held");
	}

	@Test
	void anInstanceThatNeedsMoreThanItsShareGetsTheOthersUnusedShareAndNoMore() {
		Instance first = new Instance();
		Instance second = new Instance();
		first.sharing.claim(this.minute);
		second.sharing.claim(this.minute);
		assertThat(second.limit.spend("cus_More", this.minute, 12)).isEqualTo(11);
		MinuteShares shares = second.limit.shares(this.minute);
		// While a request waits, the second instance's schedule hands back what is asked
		// for.
		this.time.whileSleeping(() -> second.sharing.releaseAwaitedShares(shares));

		List<Long> left = spend(first, "cus_More", 12, 12);

		// Three from its own share, the six beyond the shares, then two the second
		// instance
		// handed back: it had spent one of its three.
		assertThat(left).filteredOn(remaining -> remaining >= 0).hasSize(11);
		assertThat(left.get(11)).isEqualTo(-1);
		assertThat(second.limit.spend("cus_More", this.minute, 12)).isEqualTo(-1);
		assertThat(this.counters.counter("cus_More", this.minute)).isEqualTo("12 reserved, 0 of 2 shares held");
	}

	@Test
	void anInstanceWithoutAShareServesTheWholeMinuteOnceTheHolderHandsItsShareBack() {
		Instance holder = new Instance();
		Instance started = new Instance();
		holder.sharing.claim(this.minute);
		MinuteShares shares = holder.limit.shares(this.minute);
		this.time.whileSleeping(() -> holder.sharing.releaseAwaitedShares(shares));

		List<Long> left = spend(started, "cus_Whole", 20, 21);

		// Each answer counts down from the whole limit: the counter shrank when the share
		// came back.
		assertThat(left).containsExactlyElementsOf(
				LongStream.rangeClosed(-1, 19).boxed().sorted(Comparator.reverseOrder()).toList());
	}

	@Test
	void anInstanceThatCrashesHoldingAShareLeavesItUnservedAndARequestWaitsForItOnceAtMostTwoSeconds() {
		Instance holder = new Instance();
		Instance started = new Instance();
		holder.sharing.claim(this.minute);
		holder.limit.shares(this.minute);
		// The holder crashed: its schedule does not run, and its share never comes back.
		Instant before = this.time.now();

		int served = servedUntilRefused(started, "cus_Wait", 20);
		Duration waited = Duration.between(before, this.time.now());
		assertThat(started.limit.spend("cus_Wait", this.minute, 20)).isEqualTo(-1);

		assertThat(served).isEqualTo(10);
		assertThat(waited).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2_200));
		assertThat(this.time.now()).isEqualTo(before.plus(waited));
	}

	@Test
	void requestsWaitingWithAnotherForSharesGoOnWhenItsWaitEnds() throws Exception {
		Instance holder = new Instance();
		Instance started = new Instance();
		holder.sharing.claim(this.minute);
		holder.limit.shares(this.minute);
		// The holder crashed: the counter has the 10 beyond its share, then nothing
		// comes.
		for (int i = 0; i < 10; i++) {
			assertThat(started.limit.spend("cus_Together", this.minute, 20)).isNotNegative();
		}
		ExecutorService pool = Executors.newFixedThreadPool(4);

		List<CompletableFuture<Long>> waiting = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			waiting
				.add(CompletableFuture.supplyAsync(() -> started.limit.spend("cus_Together", this.minute, 20), pool));
		}

		// Bounded only so that a hang fails the test instead of the build.
		for (CompletableFuture<Long> request : waiting) {
			assertThat(request.get(30, TimeUnit.SECONDS)).isEqualTo(-1);
		}
		pool.shutdown();
	}

	@Test
	void twoInstancesSharingAMinuteNeverServeMoreThanTheLimitTogether() {
		List<Instance> instances = List.of(new Instance(), new Instance());
		instances.forEach(instance -> instance.sharing.claim(this.minute));
		List<MinuteShares> shares = instances.stream().map(instance -> instance.limit.shares(this.minute)).toList();
		// While a request waits, each instance hands its shares back, as the schedule
		// does
		// every second.
		this.time.whileSleeping(() -> {
			for (int i = 0; i < 2; i++) {
				instances.get(i).sharing.releaseAwaitedShares(shares.get(i));
			}
		});
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<CompletableFuture<Long>> answers = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			Instance instance = instances.get((i * 7 / 3) % 2);
			answers.add(CompletableFuture.supplyAsync(() -> instance.limit.spend("cus_Two", this.minute, 20), pool));
		}

		List<Long> left = answers.stream().map(CompletableFuture::join).toList();
		pool.shutdown();

		assertThat(left).filteredOn(remaining -> remaining >= 0).hasSize(20);
	}

	private List<Long> spend(Instance instance, String customer, long limit, int count) {
		List<Long> left = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			left.add(instance.limit.spend(customer, this.minute, limit));
		}
		return left;
	}

	private int servedUntilRefused(Instance instance, String customer, long limit) {
		int served = 0;
		while (instance.limit.spend(customer, this.minute, limit) >= 0) {
			served++;
		}
		return served;
	}

	/** One instance: its minute limit and its part in sharing the minutes. */
	private final class Instance {

		final MinuteLimit limit;

		final MinuteSharing sharing;

		Instance() {
			MinuteInstance name = new MinuteInstance();
			UsageProperties properties = new UsageProperties(true, null, Map.of(), Duration.ZERO);
			this.limit = new MinuteLimit(MinuteSharesTests.this.counters, MinuteSharesTests.this.time, name);
			this.sharing = new MinuteSharing(this.limit, MinuteSharesTests.this.counters, MinuteSharesTests.this.time,
					name, properties);
		}

	}

}
