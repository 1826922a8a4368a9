package io.xsen.orchestrator.checkout;

import org.jspecify.annotations.Nullable;

/**
 * A catalog price that can be sold: active, on an active product, granting a tier.
 *
 * @param perSeat whether its product is sold per seat ({@code xsen_seats=per_unit}), so
 * the buyer chooses the quantity
 */
record PlanPrice(String priceId, @Nullable String productName, String tier, boolean perSeat) {

	static final String SEATS = "xsen_seats";

	static final String PER_UNIT = "per_unit";

	static final long MAX_SEATS = 1000;

	/**
	 * The quantity to sell: the one asked for a per-seat price, else 1.
	 * @throws QuantityInvalid when a per-seat price is asked for fewer than 1 or more
	 * than 1000
	 */
	long quantity(@Nullable Long asked) {
		if (!this.perSeat) {
			return 1;
		}
		long quantity = (asked != null) ? asked : 1;
		if (quantity < 1 || quantity > MAX_SEATS) {
			throw new QuantityInvalid(MAX_SEATS);
		}
		return quantity;
	}

}
