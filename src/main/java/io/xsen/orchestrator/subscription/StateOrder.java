package io.xsen.orchestrator.subscription;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Where a subscription snapshot stands in Stripe's history: the {@code created} second of
 * the event that carried it, or for a Stripe API read, the second it stands for (the
 * event that caused the read, or when Stripe answered).
 *
 * <p>
 * Stripe's times have one-second resolution, so two snapshots of one second cannot be
 * ordered from their times alone: an event that ties with what is stored is
 * {@link Precedence#UNDECIDED} and the caller asks Stripe. A read wins when nothing was
 * stored while it was in flight, since Stripe answered it after all it saw; a read whose
 * start cannot be placed loses a tie, and the next event of that second asks again.
 */
public final class StateOrder {

	private final Instant created;

	private final Source source;

	private final boolean sawStored;

	private final @Nullable StateOrder storedBeforeRead;

	// When the stored snapshot was written: two writes of one second and source still
	// differ here.
	private final @Nullable Instant writtenAt;

	private StateOrder(Instant created, Source source, boolean sawStored, @Nullable StateOrder storedBeforeRead,
			@Nullable Instant writtenAt) {
		this.created = created;
		this.source = source;
		this.sawStored = sawStored;
		this.storedBeforeRead = storedBeforeRead;
		this.writtenAt = writtenAt;
	}

	/** A snapshot carried by a Stripe event created at {@code created}. */
	public static StateOrder event(Instant created) {
		return new StateOrder(created, Source.EVENT, false, null, null);
	}

	/**
	 * A snapshot read from the Stripe API, standing for {@code readAt}, without knowing
	 * what XSEN held when the read started.
	 */
	public static StateOrder stripeRead(Instant readAt) {
		return new StateOrder(readAt, Source.STRIPE_READ, false, null, null);
	}

	/**
	 * A snapshot read from the Stripe API, standing for {@code readAt}, started while
	 * XSEN held {@code storedBeforeRead} ({@code null}: nothing).
	 */
	public static StateOrder stripeReadAfter(Instant readAt, @Nullable StateOrder storedBeforeRead) {
		return new StateOrder(readAt, Source.STRIPE_READ, true, storedBeforeRead, null);
	}

	static StateOrder stored(Instant created, Source source, Instant writtenAt) {
		return new StateOrder(created, source, false, null, writtenAt);
	}

	public Instant created() {
		return this.created;
	}

	Source source() {
		return this.source;
	}

	/**
	 * How a snapshot with this order stands against the one XSEN stores.
	 */
	public Precedence against(@Nullable StateOrder stored) {
		if (this.sawStored && sameAs(this.storedBeforeRead, stored)) {
			// Nothing was stored while the read was in flight: it is the newest word.
			return Precedence.NEWER;
		}
		if (stored == null) {
			return Precedence.NEWER;
		}
		if (this.sawStored && stored.source == Source.STRIPE_READ) {
			// Another read landed while this one was in flight; which of the two Stripe
			// answered later is unknown, and any later change brings its own event.
			return Precedence.OLDER;
		}
		int byTime = this.created.compareTo(stored.created);
		if (byTime != 0) {
			return (byTime > 0) ? Precedence.NEWER : Precedence.OLDER;
		}
		if (this.source == Source.EVENT) {
			return Precedence.UNDECIDED;
		}
		// A read that raced another write of its second, or whose start is unknown,
		// cannot tell which came first; the stored one stays and the next event of that
		// second asks again.
		return Precedence.OLDER;
	}

	private static boolean sameAs(@Nullable StateOrder a, @Nullable StateOrder b) {
		if (a == null || b == null) {
			return a == b;
		}
		return a.created.equals(b.created) && a.source == b.source && Objects.equals(a.writtenAt, b.writtenAt);
	}

	@Override
	public String toString() {
		return this.source.column() + "@" + this.created.getEpochSecond();
	}

	/**
	 * Where a snapshot came from.
	 */
	enum Source {

		EVENT("event"), STRIPE_READ("stripe_read");

		private final String column;

		Source(String column) {
			this.column = column;
		}

		String column() {
			return this.column;
		}

		static Source ofColumn(String column) {
			return "stripe_read".equals(column) ? STRIPE_READ : EVENT;
		}

	}

	/**
	 * A snapshot's standing against the stored one.
	 */
	public enum Precedence {

		/** Newer: it replaces the stored state. */
		NEWER,

		/** Older: the stored state already includes it. */
		OLDER,

		/** Same second, order unknown: ask Stripe. */
		UNDECIDED

	}

}
