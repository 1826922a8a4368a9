package io.xsen.orchestrator.billing;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Price;
import com.stripe.model.Product;
import com.stripe.model.StripeCollection;
import com.stripe.model.Subscription;
import com.stripe.model.billingportal.Session;
import com.stripe.net.RequestOptions;
import com.stripe.net.StripeResponse;
import com.stripe.param.PriceListParams;
import com.stripe.param.PriceRetrieveParams;
import com.stripe.param.ProductFeatureListParams;
import com.stripe.param.ProductListParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.entitlements.ActiveEntitlementListParams;
import com.stripe.param.billing.MeterEventCreateParams;
import com.stripe.param.billingportal.SessionCreateParams;
import com.stripe.param.checkout.SessionRetrieveParams;
import io.xsen.orchestrator.catalog.CatalogPrice;
import io.xsen.orchestrator.catalog.CatalogProduct;
import io.xsen.orchestrator.subscription.SubscriptionSnapshot;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Service;

/**
 * Talks to the Stripe API (reads what webhooks did not carry, opens billing portal
 * sessions), turning Stripe's failures into retry-or-not answers.
 */
@Service
public class StripeBilling {

	private static final long PAGE_SIZE = 100;

	private final StripeClient stripe;

	private final ObjectMapper objectMapper;

	private final Clock clock;

	StripeBilling(StripeClient stripe, ObjectMapper objectMapper, Clock clock) {
		this.stripe = stripe;
		this.objectMapper = objectMapper;
		this.clock = clock;
	}

	/**
	 * Stripe's current state of a subscription.
	 * @throws StripeApiUnavailable when Stripe cannot answer now
	 * @throws StripeRequestRejected when Stripe says the request is wrong (for example,
	 * no such subscription)
	 */
	public SubscriptionRead retrieveSubscription(String subscriptionId) {
		Subscription subscription = call("retrieve subscription " + subscriptionId,
				() -> this.stripe.v1().subscriptions().retrieve(subscriptionId));
		return new SubscriptionRead(StripeObjects.subscription(readJson(subscription.getLastResponse().body())),
				answeredAt(subscription.getLastResponse()), null);
	}

	/**
	 * Stripe's current email of a customer; empty for a deleted customer.
	 * @throws StripeApiUnavailable when Stripe cannot answer now
	 * @throws StripeRequestRejected when Stripe says the request is wrong (for example,
	 * no such customer)
	 */
	public Optional<CustomerRead> retrieveCustomer(String customerId) {
		Customer customer = call("retrieve customer " + customerId,
				() -> this.stripe.v1().customers().retrieve(customerId));
		Instant readAt = answeredAt(customer.getLastResponse());
		return StripeObjects.customer(readJson(customer.getLastResponse().body())).map(read -> read.readAt(readAt));
	}

	/**
	 * Every subscription Stripe holds for the customer, canceled ones included, as Stripe
	 * shows them now, each with the customer expanded.
	 * @throws StripeApiUnavailable when Stripe cannot answer now
	 * @throws StripeRequestRejected when Stripe says the request is wrong (for example,
	 * no such customer)
	 */
	public List<SubscriptionRead> listSubscriptions(String customerId) {
		List<SubscriptionRead> reads = new ArrayList<>();
		@Nullable String startingAfter = null;
		boolean hasMore = true;
		while (hasMore) {
			SubscriptionListParams.Builder params = SubscriptionListParams.builder()
				.setCustomer(customerId)
				.setStatus(SubscriptionListParams.Status.ALL)
				.addExpand("data.customer")
				.setLimit(PAGE_SIZE);
			if (startingAfter != null) {
				params.setStartingAfter(startingAfter);
			}
			StripeCollection<Subscription> page = call("list subscriptions of " + customerId,
					() -> this.stripe.v1().subscriptions().list(params.build()));
			// Read as JSON, like events, so both API shapes give the period end.
			JsonNode list = readJson(page.getLastResponse().body());
			Instant readAt = answeredAt(page.getLastResponse());
			for (JsonNode subscription : list.path("data").values()) {
				SubscriptionSnapshot snapshot = StripeObjects.subscription(subscription);
				CustomerRead customer = StripeObjects.customer(subscription.path("customer"))
					.map(read -> read.readAt(readAt))
					.orElse(null);
				reads.add(new SubscriptionRead(snapshot, readAt, customer));
				startingAfter = snapshot.subscriptionId();
			}
			hasMore = list.path("has_more").asBoolean(false) && startingAfter != null;
		}
		return reads;
	}

	/**
	 * A Checkout Session with its subscription and customer expanded, so one call tells
	 * whether it completed, for whom (and the customer's email now), and on which
	 * subscription.
	 * @throws StripeApiUnavailable when Stripe cannot answer now
	 * @throws StripeRequestRejected when Stripe knows no such session
	 */
	public CheckoutSession retrieveCheckoutSession(String sessionId) {
		com.stripe.model.checkout.Session session = call("retrieve checkout session " + sessionId,
				() -> this.stripe.v1()
					.checkout()
					.sessions()
					.retrieve(sessionId,
							SessionRetrieveParams.builder().addExpand("subscription").addExpand("customer").build()));
		return StripeObjects.checkoutSession(readJson(session.getLastResponse().body()),
				answeredAt(session.getLastResponse()));
	}

	/**
	 * Opens a Stripe billing portal session for the customer.
	 * @param returnUrl where the portal sends the customer back, or {@code null} for the
	 * portal configuration's default
	 * @return the URL to send the customer to
	 */
	public String createPortalSession(String customerId, @Nullable String returnUrl) {
		SessionCreateParams.Builder params = SessionCreateParams.builder().setCustomer(customerId);
		if (returnUrl != null) {
			params.setReturnUrl(returnUrl);
		}
		Session session = call("create billing portal session for " + customerId,
				() -> this.stripe.v1().billingPortal().sessions().create(params.build()));
		if (session.getUrl() == null) {
			throw new StripeObjectUnreadable("Billing portal session " + session.getId() + " has no url");
		}
		return session.getUrl();
	}

	/**
	 * Opens a Stripe Checkout Session selling a subscription to one price, promotion
	 * codes allowed. Stripe answers a request with an {@code idempotencyKey} it saw in
	 * the last 24 hours with the session it created then.
	 * @throws StripeApiUnavailable when Stripe cannot answer now
	 * @throws StripeRequestRejected when Stripe refuses the request
	 */
	public CheckoutLink createCheckoutSession(NewCheckout checkout, String idempotencyKey) {
		com.stripe.param.checkout.SessionCreateParams.Builder params = com.stripe.param.checkout.SessionCreateParams
			.builder()
			.setMode(com.stripe.param.checkout.SessionCreateParams.Mode.SUBSCRIPTION)
			.addLineItem(com.stripe.param.checkout.SessionCreateParams.LineItem.builder()
				.setPrice(checkout.priceId())
				.setQuantity(checkout.quantity())
				.build())
			.setAllowPromotionCodes(true)
			.setSuccessUrl(checkout.successUrl())
			.setCancelUrl(checkout.cancelUrl());
		if (checkout.customerId() != null) {
			params.setCustomer(checkout.customerId());
		}
		else if (checkout.customerEmail() != null) {
			params.setCustomerEmail(checkout.customerEmail());
		}
		com.stripe.model.checkout.Session session = call("create checkout session for " + checkout.priceId(),
				() -> this.stripe.v1()
					.checkout()
					.sessions()
					.create(params.build(), RequestOptions.builder().setIdempotencyKey(idempotencyKey).build()));
		if (session.getUrl() == null) {
			throw new StripeObjectUnreadable("Checkout Session " + session.getId() + " has no url");
		}
		StripeResponse response = session.getLastResponse();
		boolean replayed = response != null
				&& "true".equals(response.headers().firstValue("Idempotent-Replayed").orElse(null));
		return new CheckoutLink(session.getId(), session.getUrl(), replayed);
	}

	/**
	 * Opens a Stripe billing portal session that asks the customer to confirm moving one
	 * item of their subscription to another price ({@code subscription_update_confirm}).
	 * @param quantity the item's new quantity, {@code null} to keep it
	 * @return the URL to send the customer to
	 * @throws StripeApiUnavailable when Stripe cannot answer now
	 * @throws StripeRequestRejected when Stripe refuses the request
	 */
	public String createPlanChangeSession(String customerId, String subscriptionId, String itemId, String priceId,
			@Nullable Long quantity, @Nullable String returnUrl, String idempotencyKey) {
		SessionCreateParams.FlowData.SubscriptionUpdateConfirm.Item.Builder item = SessionCreateParams.FlowData.SubscriptionUpdateConfirm.Item
			.builder()
			.setId(itemId)
			.setPrice(priceId);
		if (quantity != null) {
			item.setQuantity(quantity);
		}
		SessionCreateParams.Builder params = SessionCreateParams.builder()
			.setCustomer(customerId)
			.setFlowData(SessionCreateParams.FlowData.builder()
				.setType(SessionCreateParams.FlowData.Type.SUBSCRIPTION_UPDATE_CONFIRM)
				.setSubscriptionUpdateConfirm(SessionCreateParams.FlowData.SubscriptionUpdateConfirm.builder()
					.setSubscription(subscriptionId)
					.addItem(item.build())
					.build())
				.build());
		if (returnUrl != null) {
			params.setReturnUrl(returnUrl);
		}
		Session session = call("create plan change session for " + customerId,
				() -> this.stripe.v1()
					.billingPortal()
					.sessions()
					.create(params.build(), RequestOptions.builder().setIdempotencyKey(idempotencyKey).build()));
		if (session.getUrl() == null) {
			throw new StripeObjectUnreadable("Billing portal session " + session.getId() + " has no url");
		}
		return session.getUrl();
	}

	/**
	 * The items of a subscription as Stripe holds them now, each with its id.
	 * @throws StripeApiUnavailable when Stripe cannot answer now
	 * @throws StripeRequestRejected when Stripe knows no such subscription
	 */
	public List<ItemRead> subscriptionItems(String subscriptionId) {
		Subscription subscription = call("retrieve subscription " + subscriptionId,
				() -> this.stripe.v1().subscriptions().retrieve(subscriptionId));
		List<ItemRead> items = new ArrayList<>();
		for (JsonNode item : readJson(subscription.getLastResponse().body()).path("items").path("data").values()) {
			String itemId = StripeJson.optionalId(item, "id");
			String priceId = StripeJson.optionalId(item, "price");
			if (itemId != null && priceId != null) {
				items.add(new ItemRead(itemId, priceId, item.path("quantity").asLong(1)));
			}
		}
		return List.copyOf(items);
	}

	/**
	 * Reports usage to a Stripe Billing Meter. Stripe counts an {@code identifier} once,
	 * so a report sent again after a lost answer is not counted twice.
	 * @throws StripeApiUnavailable when Stripe cannot answer now
	 * @throws StripeRequestRejected when Stripe refuses the report
	 */
	public void reportMeterEvent(String eventName, String customerId, long value, Instant timestamp,
			String identifier) {
		MeterEventCreateParams params = MeterEventCreateParams.builder()
			.setEventName(eventName)
			.setIdentifier(identifier)
			.setTimestamp(timestamp.getEpochSecond())
			.putPayload("stripe_customer_id", customerId)
			.putPayload("value", Long.toString(value))
			.build();
		call("report meter event " + identifier, () -> this.stripe.v1().billing().meterEvents().create(params));
	}

	/**
	 * Stripe's whole catalog: every product and every price, archived ones included.
	 * @throws StripeApiUnavailable when Stripe cannot answer now
	 * @throws StripeRequestRejected when Stripe refuses the request
	 */
	public CatalogRead listCatalog() {
		List<CatalogProduct> products = new ArrayList<>();
		Instant readAt = listAll("products", (startingAfter) -> {
			ProductListParams.Builder params = ProductListParams.builder().setLimit(PAGE_SIZE);
			if (startingAfter != null) {
				params.setStartingAfter(startingAfter);
			}
			return this.stripe.v1().products().list(params.build()).getLastResponse();
		}, product -> products.add(StripeCatalogObjects.product(product, false)));
		List<CatalogPrice> prices = new ArrayList<>();
		listAll("prices", (startingAfter) -> {
			PriceListParams.Builder params = PriceListParams.builder().setLimit(PAGE_SIZE);
			if (startingAfter != null) {
				params.setStartingAfter(startingAfter);
			}
			return this.stripe.v1().prices().list(params.build()).getLastResponse();
		}, price -> prices.add(StripeCatalogObjects.price(price, false)));
		Map<String, List<String>> features = new LinkedHashMap<>();
		for (CatalogProduct product : products) {
			features.put(product.id(), productFeatures(product.id()));
		}
		return new CatalogRead(List.copyOf(products), List.copyOf(prices), features, readAt);
	}

	// The lookup keys of the features attached to a product. A product Stripe no longer
	// finds (deleted between the two reads) has none.
	private List<String> productFeatures(String productId) {
		List<String> keys = new ArrayList<>();
		try {
			listAll("features of " + productId, (startingAfter) -> {
				ProductFeatureListParams.Builder params = ProductFeatureListParams.builder().setLimit(PAGE_SIZE);
				if (startingAfter != null) {
					params.setStartingAfter(startingAfter);
				}
				return this.stripe.v1().products().features().list(productId, params.build()).getLastResponse();
			}, feature -> {
				String key = feature.path("entitlement_feature").path("lookup_key").asString(null);
				if (key != null && !key.isBlank()) {
					keys.add(key);
				}
			});
		}
		catch (StripeRequestRejected ex) {
			if (ex.statusCode() != 404) {
				throw ex;
			}
		}
		return List.copyOf(keys);
	}

	/**
	 * A price with its product expanded.
	 * @throws StripeApiUnavailable when Stripe cannot answer now
	 * @throws StripeRequestRejected when Stripe knows no such price
	 */
	public PriceRead retrievePrice(String priceId) {
		Price price = callRefusable("retrieve price " + priceId,
				() -> this.stripe.v1()
					.prices()
					.retrieve(priceId, PriceRetrieveParams.builder().addExpand("product").build()));
		JsonNode json = readJson(price.getLastResponse().body());
		return new PriceRead(StripeCatalogObjects.price(json, false),
				StripeCatalogObjects.expandedProduct(json).orElse(null), answeredAt(price.getLastResponse()));
	}

	/**
	 * A product as Stripe holds it now, with the second Stripe answered.
	 * @throws StripeApiUnavailable when Stripe cannot answer now
	 * @throws StripeRequestRejected when Stripe knows no such product
	 */
	public ProductRead retrieveProduct(String productId) {
		Product product = callRefusable("retrieve product " + productId,
				() -> this.stripe.v1().products().retrieve(productId));
		return new ProductRead(StripeCatalogObjects.product(readJson(product.getLastResponse().body()), false),
				answeredAt(product.getLastResponse()));
	}

	/**
	 * The customer's active entitlements (Stripe Entitlements features).
	 * @throws StripeApiUnavailable when Stripe cannot answer now
	 * @throws StripeRequestRejected when Stripe refuses (for example, no such customer)
	 */
	public FeaturesRead activeEntitlements(String customerId) {
		List<String> keys = new ArrayList<>();
		Instant readAt = listAll("active entitlements of " + customerId, (startingAfter) -> {
			ActiveEntitlementListParams.Builder params = ActiveEntitlementListParams.builder()
				.setCustomer(customerId)
				.setLimit(PAGE_SIZE);
			if (startingAfter != null) {
				params.setStartingAfter(startingAfter);
			}
			return this.stripe.v1().entitlements().activeEntitlements().list(params.build()).getLastResponse();
		}, entitlement -> {
			String key = StripeJson.text(entitlement, "lookup_key");
			if (key != null) {
				keys.add(key);
			}
		});
		return new FeaturesRead(List.copyOf(keys), readAt);
	}

	// Every page of a Stripe list, each object handed on; the second the first page was
	// answered stands for the whole read.
	private Instant listAll(String what, PageCall page, Consumer<JsonNode> each) {
		@Nullable String startingAfter = null;
		@Nullable Instant readAt = null;
		boolean hasMore = true;
		while (hasMore) {
			String after = startingAfter;
			StripeResponse response = callRefusable("list " + what, () -> page.fetch(after));
			if (readAt == null) {
				readAt = answeredAt(response);
			}
			JsonNode list = readJson(response.body());
			for (JsonNode object : list.path("data").values()) {
				each.accept(object);
				startingAfter = StripeJson.optionalId(object, "id");
			}
			hasMore = list.path("has_more").asBoolean(false) && startingAfter != null;
		}
		return (readAt != null) ? readAt : this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
	}

	// Stripe's own clock orders a read against its events; ours may drift.
	private Instant answeredAt(StripeResponse response) {
		try {
			Instant date = response.date();
			if (date != null) {
				return date;
			}
		}
		catch (DateTimeException ex) {
			// An unreadable Date header: fall back to our clock.
		}
		return this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
	}

	private JsonNode readJson(String body) {
		try {
			return this.objectMapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new StripeObjectUnreadable("Stripe answered with malformed JSON");
		}
	}

	private <T> T call(String what, StripeCall<T> call) {
		try {
			return call.execute();
		}
		catch (InvalidRequestException ex) {
			int status = (ex.getStatusCode() != null) ? ex.getStatusCode() : 400;
			throw new StripeRequestRejected("Stripe rejected '" + what + "' (HTTP " + status + ")", status, ex);
		}
		catch (StripeException ex) {
			throw new StripeApiUnavailable("Stripe could not " + what + " now: " + ex.getClass().getSimpleName(), ex);
		}
	}

	// Any answer of 4xx but 429 refuses the request, even one whose body is not Stripe's
	// error shape (a proxy's page, an account without the feature).
	private <T> T callRefusable(String what, StripeCall<T> call) {
		try {
			return call(what, call);
		}
		catch (StripeApiUnavailable ex) {
			if (ex.getCause() instanceof StripeException stripe && stripe.getStatusCode() != null
					&& stripe.getStatusCode() >= 400 && stripe.getStatusCode() < 500 && stripe.getStatusCode() != 429) {
				throw new StripeRequestRejected("Stripe rejected '" + what + "' (HTTP " + stripe.getStatusCode() + ")",
						stripe.getStatusCode(), stripe);
			}
			throw ex;
		}
	}

	@FunctionalInterface
	private interface PageCall {

		StripeResponse fetch(@Nullable String startingAfter) throws StripeException;

	}

	@FunctionalInterface
	private interface StripeCall<T> {

		T execute() throws StripeException;

	}

}
