package io.xsen.orchestrator.subscription;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.xsen.orchestrator.subscription.StateOrder.Precedence;

import static org.assertj.core.api.Assertions.assertThat;

class StateOrderTests {

	private static final Instant T = Instant.ofEpochSecond(1_764_000_000L);

	private static final Instant WRITTEN = Instant.parse("2026-11-29T12:00:00.123456Z");

	private static final StateOrder STORED_EVENT = StateOrder.stored(T, StateOrder.Source.EVENT, WRITTEN);

	@Test
	void anythingIsNewerThanNothingStored() {
		assertThat(StateOrder.event(T).against(null)).isEqualTo(Precedence.NEWER);
		assertThat(StateOrder.stripeRead(T).against(null)).isEqualTo(Precedence.NEWER);
		assertThat(StateOrder.stripeReadAfter(T, null).against(null)).isEqualTo(Precedence.NEWER);
	}

	@Test
	void eventsOfDifferentSecondsAreOrderedByTheirSecond() {
		assertThat(StateOrder.event(T.plusSeconds(1)).against(STORED_EVENT)).isEqualTo(Precedence.NEWER);
		assertThat(StateOrder.event(T.minusSeconds(1)).against(STORED_EVENT)).isEqualTo(Precedence.OLDER);
	}

	@Test
	void anEventOfTheStoredSecondIsUndecidedWhateverStoredIt() {
		assertThat(StateOrder.event(T).against(STORED_EVENT)).isEqualTo(Precedence.UNDECIDED);
		assertThat(StateOrder.event(T).against(StateOrder.stored(T, StateOrder.Source.STRIPE_READ, WRITTEN)))
			.isEqualTo(Precedence.UNDECIDED);
	}

	@Test
	void aReadDuringWhichNothingWasStoredIsNewerEvenForAnOlderEvent() {
		StateOrder stored = StateOrder.stored(T.plusSeconds(100), StateOrder.Source.EVENT, WRITTEN);
		assertThat(StateOrder.stripeReadAfter(T, stored).against(stored)).isEqualTo(Precedence.NEWER);
		assertThat(StateOrder.stripeReadAfter(T, null).against(null)).isEqualTo(Precedence.NEWER);
	}

	@Test
	void aReadThatRacedAnotherWriteCountsOnlyWhenItsSecondIsLater() {
		StateOrder before = StateOrder.stored(T.minusSeconds(10), StateOrder.Source.EVENT, WRITTEN);
		assertThat(StateOrder.stripeReadAfter(T, before).against(STORED_EVENT)).isEqualTo(Precedence.OLDER);
		assertThat(StateOrder.stripeReadAfter(T.plusSeconds(1), before).against(STORED_EVENT))
			.isEqualTo(Precedence.NEWER);
		assertThat(StateOrder.stripeReadAfter(T.minusSeconds(1), before).against(STORED_EVENT))
			.isEqualTo(Precedence.OLDER);
	}

	@Test
	void aReadWithoutKnowingWhatWasStoredLosesATie() {
		assertThat(StateOrder.stripeRead(T).against(STORED_EVENT)).isEqualTo(Precedence.OLDER);
		assertThat(StateOrder.stripeRead(T.minusSeconds(1)).against(STORED_EVENT)).isEqualTo(Precedence.OLDER);
		assertThat(StateOrder.stripeRead(T.plusSeconds(1)).against(STORED_EVENT)).isEqualTo(Precedence.NEWER);
	}

	@Test
	void aReadDuringWhichAnotherWriteOfTheSameSecondLandedIsOlder() {
		StateOrder before = StateOrder.stored(T, StateOrder.Source.EVENT, WRITTEN);
		StateOrder rewritten = StateOrder.stored(T, StateOrder.Source.EVENT, WRITTEN.plusNanos(1000));
		assertThat(StateOrder.stripeReadAfter(T, before).against(rewritten)).isEqualTo(Precedence.OLDER);
	}

	@Test
	void aReadDuringWhichAnotherReadLandedIsOlderWhateverItsSecond() {
		StateOrder before = StateOrder.stored(T, StateOrder.Source.STRIPE_READ, WRITTEN);
		StateOrder otherRead = StateOrder.stored(T, StateOrder.Source.STRIPE_READ, WRITTEN.plusSeconds(1));
		assertThat(StateOrder.stripeReadAfter(T.plusSeconds(5), before).against(otherRead)).isEqualTo(Precedence.OLDER);
	}

}
