package io.xsen.orchestrator.console;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.xsen.orchestrator.subscription.SubscriptionReports.DayCount;

/**
 * The overview's chart of subscribers per day as an inline SVG line, drawn on the server
 * so the page needs no script.
 *
 * @param points the SVG polyline's points in a {@value #WIDTH} by {@value #HEIGHT} box
 */
record AccessChart(List<DayCount> days, long max, String points) {

	static final int WIDTH = 900;

	static final int HEIGHT = 200;

	static AccessChart of(List<DayCount> days) {
		long max = days.stream().mapToLong(DayCount::subscribed).max().orElse(0);
		double step = (days.size() > 1) ? (double) WIDTH / (days.size() - 1) : 0;
		String points = IntStream.range(0, days.size())
			.mapToObj(i -> String.format(Locale.ROOT, "%.1f,%.1f", i * step,
					HEIGHT - ((max > 0) ? (double) days.get(i).subscribed() * HEIGHT / max : 0)))
			.collect(Collectors.joining(" "));
		return new AccessChart(days, max, points);
	}

	/**
	 * The days on which the number of subscribers changed, the first day too when it had
	 * any, so the table holds what happened instead of a row per quiet day.
	 */
	public List<DayCount> changes() {
		return IntStream.range(0, this.days.size())
			.filter(i -> this.days.get(i).subscribed() != ((i == 0) ? 0 : this.days.get(i - 1).subscribed()))
			.mapToObj(this.days::get)
			.toList();
	}

	public long latest() {
		return this.days.isEmpty() ? 0 : this.days.get(this.days.size() - 1).subscribed();
	}

}
