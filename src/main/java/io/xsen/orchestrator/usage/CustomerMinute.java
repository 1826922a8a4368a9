package io.xsen.orchestrator.usage;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * One customer's requests on this instance in the clock minute it is in: what it served
 * from its own share of the minute, units reserved from the customer's minute counter and
 * not yet spent, and what was seen of the counter. One small object per customer, reused
 * from minute to minute, since an instance may serve a hundred thousand customers at
 * once. Callers hold its lock.
 */
final class CustomerMinute {

	/** The minute the fields are about, in epoch seconds. */
	long minute;

	/** The limit the units were reserved under; a changed limit drops them. */
	long limit;

	long unspent;

	/** The counter's reserved total, on every instance together, as last seen. */
	long reservedEverywhere;

	/** What this instance spent of the minute. */
	long spentHere;

	/** What this instance served from its share of the minute. */
	int fromShare;

	/**
	 * The instances still holding a share of the minute (by their bits), as last seen.
	 */
	long held;

	/** The units of the shares other instances still hold, as last seen. */
	long heldElsewhere;

	/** Whether this instance asked the counter for the minute. */
	boolean asked;

	/** When it last asked, in {@link UsageTime#nanoTime()}. */
	long askedNanos;

	/** Whether this instance handed its share back: the counter serves the rest. */
	boolean shareClosed;

	/**
	 * A request waiting for other instances' shares this minute, ended when it stops
	 * waiting; one wait a minute.
	 */
	@Nullable CompletableFuture<Void> awaiting;

	/** Forgotten by the sweep: a request spends from the one that replaced it. */
	boolean retired;

	CustomerMinute(long minute, long limit) {
		this.minute = minute;
		this.limit = limit;
	}

	/**
	 * Moves on to a later minute; a request of a minute already left spends from this
	 * one.
	 */
	void moveTo(long later) {
		if (later <= this.minute) {
			return;
		}
		this.minute = later;
		this.unspent = 0;
		this.reservedEverywhere = 0;
		this.spentHere = 0;
		this.fromShare = 0;
		this.held = 0;
		this.heldElsewhere = 0;
		this.asked = false;
		this.shareClosed = false;
		// Requests waiting with one of the minute left go on.
		if (this.awaiting != null) {
			this.awaiting.complete(null);
		}
		this.awaiting = null;
	}

	/** Takes a grant of this minute, each share being {@code each} units. */
	void granted(MinuteCounters.Grant grant, long each, long nowNanos) {
		this.unspent += grant.granted();
		// The latest: shares handed back since make it smaller.
		this.reservedEverywhere = grant.reserved();
		this.held = grant.held();
		this.heldElsewhere = each * Long.bitCount(grant.held());
		this.asked = true;
		this.askedNanos = nowNanos;
	}

	/** Spends one unit of the share or of a block: the requests left after it. */
	long spend(boolean fromShare) {
		if (fromShare) {
			this.fromShare++;
		}
		else {
			this.unspent--;
		}
		this.spentHere++;
		return remaining();
	}

	/**
	 * What is left of this minute under the limit as far as this instance knows: before
	 * it asked the counter, it knows only what it served itself; after, the shares other
	 * instances still hold count as left, since they hand them over when asked.
	 */
	long remaining() {
		long served = this.limit - this.spentHere;
		return Math.max(0, this.asked
				? Math.min(served, this.limit - this.reservedEverywhere + this.unspent + this.heldElsewhere) : served);
	}

}
