package io.xsen.orchestrator.webhook;

import java.util.List;
import java.util.stream.Stream;

import io.xsen.orchestrator.support.CleanSlate;
import io.xsen.orchestrator.support.DatabaseRows;
import io.xsen.orchestrator.support.IntegrationTest;
import io.xsen.orchestrator.support.SignedWebhooks;
import io.xsen.orchestrator.support.StripeFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.xsen.orchestrator.support.AdminApi.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed events dated where neither Java nor PostgreSQL can follow (an event's
 * {@code created}, a period end) are refused 422 and kept as failed for operators, never
 * answered 5xx or 400.
 */
@IntegrationTest
@CleanSlate
class UnstorableTimestampIntegrationTests {

	private static final String CUSTOMER = "cus_QXgEdgeTime0001";

	private static final String SUBSCRIPTION = "sub_1EdgeTimeB7WZ01zgk0001";

	private static final long T0 = 1_764_000_000L;

	private static final String RAW = "__raw_number__";

	/** As Stripe would write them: plain JSON integers, none a second XSEN can store. */
	private static final List<String> UNSTORABLE = List.of("1000000000000000", "100000000000000000",
			String.valueOf(Long.MAX_VALUE), "99999999999999999999999", "-1", "-62135596800", "0", "253402300800");

	@Autowired
	private RestTestClient client;

	@Autowired
	private DatabaseRows rows;

	static Stream<Arguments> unstorableTimestamps() {
		return UNSTORABLE.stream()
			.flatMap(value -> Stream.of(
					Arguments.of("created", value, subscriptionEvent(value, String.valueOf(T0 + 86400))),
					Arguments.of("items.data[].current_period_end", value,
							subscriptionEvent(String.valueOf(T0), value)),
					Arguments.of("current_period_end", value, legacySubscriptionEvent(value)),
					Arguments.of("invoice line period.end", value, invoiceEvent(value))));
	}

	@ParameterizedTest(name = "{0} = {1}")
	@MethodSource("unstorableTimestamps")
	void anEventWithATimestampNoDatabaseHoldsIs422KeptAsFailedAndAppliesNothing(String field, String value,
			String payload) {
		SignedWebhooks.deliver(this.client, payload)
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("unprocessable_event");

		assertThat(this.rows.count("subscriptions")).isZero();
		assertThat(this.rows.events()).singleElement()
			.satisfies(
					event -> assertThat(event).containsEntry("id", "evt_edge_time").containsEntry("status", "failed"));
		this.client.get()
			.uri("/admin/events?status=failed")
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.events[0].id")
			.isEqualTo("evt_edge_time");
	}

	@ParameterizedTest(name = "created = {0}")
	@MethodSource("createdValues")
	void replayingAnEventWhoseCreatedNoDatabaseHoldsIs422Again(String created) {
		SignedWebhooks.deliver(this.client, subscriptionEvent(created, String.valueOf(T0 + 86400)))
			.expectStatus()
			.isEqualTo(422);

		this.client.post()
			.uri("/admin/events/evt_edge_time/replay")
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("unprocessable_event");
		assertThat(this.rows.count("subscriptions")).isZero();
	}

	static Stream<String> createdValues() {
		return Stream.of("-1", String.valueOf(Long.MAX_VALUE));
	}

	private static String subscriptionEvent(String created, String periodEnd) {
		ObjectNode subscription = StripeFixtures.subscription(SUBSCRIPTION, CUSTOMER, "active", "price_basic_monthly",
				T0 + 86400);
		((ObjectNode) subscription.path("items").path("data").get(0)).put("current_period_end", RAW);
		return text(event("customer.subscription.created", subscription), created, periodEnd);
	}

	private static String legacySubscriptionEvent(String periodEnd) {
		ObjectNode subscription = StripeFixtures.legacySubscription(SUBSCRIPTION, CUSTOMER, "active",
				"price_basic_monthly", T0 + 86400);
		subscription.put("current_period_end", RAW);
		return text(event("customer.subscription.created", subscription), String.valueOf(T0), periodEnd);
	}

	private static String invoiceEvent(String periodEnd) {
		ObjectNode invoice = StripeFixtures.invoice("in_1EdgeTime0001", CUSTOMER, SUBSCRIPTION, "price_basic_monthly",
				T0 + 86400, 1999);
		((ObjectNode) invoice.path("lines").path("data").get(0).path("period")).put("end", RAW);
		return text(event("invoice.payment_succeeded", invoice), String.valueOf(T0), periodEnd);
	}

	// created comes before data in Stripe's envelope, so it is the first placeholder.
	private static ObjectNode event(String type, ObjectNode object) {
		ObjectNode event = StripeFixtures.event("evt_edge_time", type, 0, object, StripeFixtures.CURRENT_API_VERSION);
		event.put("created", RAW);
		return event;
	}

	/**
	 * The event's text with each {@link #RAW} placeholder replaced, in order, by a raw
	 * JSON number: values beyond a long reach the service exactly as written.
	 */
	private static String text(ObjectNode event, String... numbers) {
		String text = event.toString();
		for (String number : numbers) {
			text = text.replaceFirst("\"" + RAW + "\"", number);
		}
		return text;
	}

}
