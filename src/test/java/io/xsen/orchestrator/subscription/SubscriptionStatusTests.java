package io.xsen.orchestrator.subscription;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionStatusTests {

	private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

	private static final Duration GRACE = Duration.ofDays(3);

	@Test
	void everyStatusStripeDocumentsIsKnownByItsStripeName() {
		for (String name : new String[] { "incomplete", "incomplete_expired", "trialing", "active", "past_due",
				"canceled", "unpaid", "paused" }) {
			assertThat(SubscriptionStatus.of(name)).map(SubscriptionStatus::stripeName).contains(name);
		}
		assertThat(SubscriptionStatus.of("ended")).isEmpty();
		assertThat(SubscriptionStatus.of(null)).isEmpty();
	}

	@Test
	void activeAndTrialingGrantAccess() {
		assertThat(SubscriptionStatus.ACTIVE.grantsAccess(null, Duration.ZERO, NOW)).isTrue();
		assertThat(SubscriptionStatus.TRIALING.grantsAccess(null, Duration.ZERO, NOW)).isTrue();
	}

	@Test
	void pastDueGrantsAccessOnlyWithinTheGraceFromWhenItStarted() {
		assertThat(SubscriptionStatus.PAST_DUE.grantsAccess(NOW.minus(Duration.ofDays(2)), GRACE, NOW)).isTrue();
		assertThat(SubscriptionStatus.PAST_DUE.grantsAccess(NOW.minus(GRACE), GRACE, NOW)).isFalse();
		assertThat(SubscriptionStatus.PAST_DUE.grantsAccess(NOW.minusSeconds(1), Duration.ZERO, NOW)).isFalse();
		assertThat(SubscriptionStatus.PAST_DUE.grantsAccess(null, GRACE, NOW)).isFalse();
	}

	@ParameterizedTest
	@EnumSource(names = { "INCOMPLETE", "INCOMPLETE_EXPIRED", "CANCELED", "UNPAID", "PAUSED" })
	void noOtherStatusGrantsAccessWhateverTheGrace(SubscriptionStatus status) {
		assertThat(status.grantsAccess(NOW.minusSeconds(1), GRACE, NOW)).isFalse();
	}

}
