package io.xsen.orchestrator.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;

import io.xsen.orchestrator.subscription.SubscriptionPrice;
import org.jspecify.annotations.Nullable;

/**
 * How the console writes amounts, prices and times: amounts in the currency's major unit
 * with its code, times in UTC to the minute.
 */
final class ConsoleFormat {

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	/**
	 * {@code minorUnits} of {@code currency} as people read it: {@code USD 1,234.50}.
	 */
	public String money(String currency, double minorUnits) {
		int digits = fractionDigits(currency);
		return currency.toUpperCase(Locale.ROOT) + " "
				+ String.format(Locale.ROOT, "%,." + digits + "f", minorUnits / Math.pow(10, digits));
	}

	/**
	 * A price as {@code USD 20.00 / month}, or its id alone when Stripe gave no amount.
	 */
	public String price(@Nullable SubscriptionPrice price) {
		if (price == null) {
			return "";
		}
		if (price.amount() == null || price.currency() == null || price.interval() == null) {
			return price.priceId();
		}
		String every = (price.intervalCount() == 1) ? price.interval()
				: price.intervalCount() + " " + price.interval() + "s";
		return money(price.currency(), price.amount()) + " / " + every;
	}

	public String time(@Nullable Instant instant) {
		return (instant != null) ? MINUTE.format(instant) : "";
	}

	private static int fractionDigits(String currency) {
		try {
			int digits = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
			return (digits < 0) ? 2 : digits;
		}
		catch (IllegalArgumentException ex) {
			return 2;
		}
	}

}
