package io.xsen.orchestrator.subscription;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.xsen.orchestrator.subscription.StateOrder.Precedence;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionTests {

	private static final Instant T = Instant.ofEpochSecond(1_764_000_000L);

	private static final Instant PERIOD_END = T.plusSeconds(30 * 86_400L);

	// As SubscriptionRepository.insertIfAbsent leaves a subscription seen for the first
	// time.
	private final Subscription subscription = new Subscription(1, "sub_1", "cus_1", null, null, "incomplete", null,
			null, null, false, null, StateOrder.Source.EVENT.column(), null, null, null, null, null, null, null, null,
			null, T, T, 0);

	@Test
	void aNewerSnapshotReplacesEverythingAndAnOlderOneNothing() {
		apply("active", "basic", PERIOD_END, StateOrder.event(T.plusSeconds(10)));

		assertThat(apply("past_due", "premium", PERIOD_END.plusSeconds(1), StateOrder.event(T)))
			.isEqualTo(Precedence.OLDER);
		assertThat(this.subscription.getStatus()).isEqualTo("active");
		assertThat(this.subscription.getTier()).isEqualTo("basic");
		assertThat(this.subscription.getCurrentPeriodEnd()).isEqualTo(PERIOD_END);
	}

	@Test
	void pastDueSinceIsWhenPaymentFirstFailedNotTheLatestRetry() {
		apply("active", "basic", PERIOD_END, StateOrder.event(T));
		apply("past_due", "basic", PERIOD_END, StateOrder.event(T.plusSeconds(100)));
		apply("past_due", "basic", PERIOD_END, StateOrder.event(T.plusSeconds(86_500)));
		apply("past_due", "basic", PERIOD_END, StateOrder.stripeRead(T.plusSeconds(172_900)));

		assertThat(this.subscription.getPastDueSince()).isEqualTo(T.plusSeconds(100));

		apply("active", "basic", PERIOD_END, StateOrder.event(T.plusSeconds(200_000)));
		assertThat(this.subscription.getPastDueSince()).isNull();
	}

	@Test
	void aLateSnapshotOfTheSamePastDueSpellMovesItsStartBack() {
		apply("past_due", "basic", PERIOD_END, StateOrder.event(T.plusSeconds(3 * 86_400)));

		assertThat(apply("past_due", "basic", PERIOD_END, StateOrder.event(T))).isEqualTo(Precedence.OLDER);

		assertThat(this.subscription.getPastDueSince()).isEqualTo(T);
	}

	@Test
	void aCanceledSubscriptionIsNeverRevived() {
		apply("canceled", "basic", PERIOD_END, StateOrder.event(T));

		apply("active", "basic", PERIOD_END, StateOrder.event(T.plusSeconds(10)));

		assertThat(this.subscription.getStatus()).isEqualTo("canceled");
	}

	@Test
	void aReadStampedBeforeTheStoredEventKeepsTheStoredSecondSoOlderEventsStayStale() {
		StateOrder stored = StateOrder.event(T.plusSeconds(100));
		apply("active", "basic", PERIOD_END, stored);
		StateOrder storedOrder = this.subscription.storedOrder();

		assertThat(apply("active", "premium", PERIOD_END, StateOrder.stripeReadAfter(T, storedOrder)))
			.isEqualTo(Precedence.NEWER);
		assertThat(this.subscription.getTier()).isEqualTo("premium");
		assertThat(apply("past_due", "basic", PERIOD_END, StateOrder.event(T.plusSeconds(50))))
			.isEqualTo(Precedence.OLDER);
	}

	@Test
	void onlyAChangeIsWrittenBack() {
		Subscription stored = new Subscription(2, "sub_2", "cus_2", "ada@example.com", "basic", "active", "price_basic",
				PERIOD_END.minus(Duration.ofDays(30)), PERIOD_END, false, T.plusSeconds(100),
				StateOrder.Source.EVENT.column(), null, "evt_stored", null, null, null, null, T, null, null, T,
				T.plusSeconds(100), 0);

		assertThat(apply(stored, "past_due", "premium", PERIOD_END, StateOrder.event(T))).isEqualTo(Precedence.OLDER);
		stored.useEmail("ada@example.com", T.plusSeconds(200));
		stored.useEmail(null, T.plusSeconds(200));
		stored.useCustomerEmail("ada@example.com", T.plusSeconds(200));
		assertThat(stored.isChanged()).isFalse();
		assertThat(stored.getUpdatedAt()).isEqualTo(T.plusSeconds(100));

		stored.useCustomerEmail("grace@example.com", T.plusSeconds(200));
		assertThat(stored.isChanged()).isTrue();
		assertThat(stored.getUpdatedAt()).isEqualTo(T.plusSeconds(200));
	}

	@Test
	void aNewerSnapshotIsWrittenBack() {
		assertThat(apply("active", "basic", PERIOD_END, StateOrder.event(T))).isEqualTo(Precedence.NEWER);

		assertThat(this.subscription.isChanged()).isTrue();
		assertThat(this.subscription.getLastEventId()).isEqualTo("evt_unit");
	}

	private Precedence apply(String status, String tier, Instant periodEnd, StateOrder order) {
		return apply(this.subscription, status, tier, periodEnd, order);
	}

	private static Precedence apply(Subscription subscription, String status, String tier, Instant periodEnd,
			StateOrder order) {
		SubscriptionSnapshot snapshot = new SubscriptionSnapshot("sub_unit", "cus_unit", status,
				List.of(new SubscriptionItem("price_" + tier, 1, null, null)), periodEnd.minus(Duration.ofDays(30)),
				periodEnd, false, List.of(), null, null, null);
		return subscription.apply(snapshot, "price_" + tier, tier, order, "evt_unit", T);
	}

}
