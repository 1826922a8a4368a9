package io.xsen.orchestrator.webhook;

import java.util.List;
import java.util.function.Supplier;

import io.xsen.orchestrator.billing.CatalogReads;
import io.xsen.orchestrator.billing.CheckoutSession;
import io.xsen.orchestrator.billing.CustomerRead;
import io.xsen.orchestrator.billing.InvoiceSubscription;
import io.xsen.orchestrator.billing.FeaturesRead;
import io.xsen.orchestrator.billing.PriceRead;
import io.xsen.orchestrator.billing.ProductRead;
import io.xsen.orchestrator.billing.StripeApiUnavailable;
import io.xsen.orchestrator.billing.StripeBilling;
import io.xsen.orchestrator.billing.StripeCatalogObjects;
import io.xsen.orchestrator.billing.StripeCustomer;
import io.xsen.orchestrator.billing.StripeObjectUnreadable;
import io.xsen.orchestrator.billing.StripeObjects;
import io.xsen.orchestrator.billing.StripeProperties;
import io.xsen.orchestrator.billing.SubscriptionRead;
import io.xsen.orchestrator.catalog.CustomerFeatures;
import io.xsen.orchestrator.catalog.StripeCatalog;
import io.xsen.orchestrator.subscription.StateOrder;
import io.xsen.orchestrator.subscription.StateOrder.Precedence;
import io.xsen.orchestrator.subscription.SubscriptionLedger;
import io.xsen.orchestrator.subscription.SubscriptionSnapshot;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Turns one verified Stripe event into its effect on subscriptions and their customers'
 * emails.
 *
 * <p>
 * Status only ever comes from a whole subscription: the one a
 * {@code customer.subscription.*} event carries, or Stripe's answer when the event does
 * not carry one (a checkout, an invoice) or shares its second with what is stored; a
 * customer's email likewise comes from the {@code customer.updated} event, or from Stripe
 * when two share a second. At most one Stripe API call per event, made before the event's
 * transaction opens so no connection or row lock waits on Stripe; none for a subscription
 * or customer event strictly newer than what is stored.
 */
@Component
class StripeEventApplier {

	private static final Logger logger = LoggerFactory.getLogger(StripeEventApplier.class);

	private final SubscriptionLedger ledger;

	private final StripeBilling billing;

	private final CatalogReads catalogReads;

	private final StripeCatalog catalog;

	private final CustomerFeatures features;

	private final boolean livemode;

	StripeEventApplier(SubscriptionLedger ledger, StripeBilling billing, CatalogReads catalogReads,
			StripeCatalog catalog, CustomerFeatures features, StripeProperties stripe) {
		this.ledger = ledger;
		this.billing = billing;
		this.catalogReads = catalogReads;
		this.catalog = catalog;
		this.features = features;
		this.livemode = stripe.livemode();
	}

	/**
	 * Why XSEN records this event without applying it at all, not even asking Stripe
	 * about it.
	 * @return the reason, or {@code null} when the event is XSEN's to apply
	 */
	@Nullable IgnoredReason notAppliedBecause(VerifiedEvent event) {
		if (event.thin()) {
			return IgnoredReason.THIN_EVENT;
		}
		// A test event must never change a live subscription, nor the reverse.
		if (event.livemode() != this.livemode) {
			return IgnoredReason.LIVEMODE_MISMATCH;
		}
		return null;
	}

	/**
	 * How to read from Stripe what the event needs, without calling it yet: the
	 * subscription behind a checkout or an invoice, and the prices of a subscription the
	 * catalog lacks; the customer of a {@code customer.updated}, or the product or price
	 * of a catalog event, that shares its second with what XSEN holds; the entitlements
	 * of a summary that carries no list.
	 * @return the read, or {@code null} when the event needs none
	 */
	@Nullable Supplier<ReadAhead> stripeReadFor(VerifiedEvent event) {
		StripeEventType type = StripeEventType.of(event.type()).orElse(null);
		if (type == null) {
			return null;
		}
		return switch (type) {
			case CHECKOUT_SESSION_COMPLETED -> {
				CheckoutSession session = StripeObjects.checkoutSession(event.dataObject());
				String subscriptionId = session.subscriptionId();
				if (session.isSubscription() && session.expandedSubscription() != null) {
					SubscriptionSnapshot snapshot = StripeObjects.subscription(session.expandedSubscription());
					yield this.catalogReads.unknownPrices(snapshot).isEmpty() ? null
							: () -> keepUnknownPrices(snapshot);
				}
				yield (session.isSubscription() && subscriptionId != null) ? () -> read(subscriptionId) : null;
			}
			case SUBSCRIPTION_CREATED, SUBSCRIPTION_UPDATED, SUBSCRIPTION_DELETED, SUBSCRIPTION_PAUSED,
					SUBSCRIPTION_RESUMED, SUBSCRIPTION_PENDING_UPDATE_APPLIED, SUBSCRIPTION_PENDING_UPDATE_EXPIRED,
					SUBSCRIPTION_TRIAL_WILL_END -> {
				SubscriptionSnapshot snapshot = StripeObjects.subscription(event.dataObject());
				yield this.catalogReads.unknownPrices(snapshot).isEmpty() ? null : () -> keepUnknownPrices(snapshot);
			}
			case PRODUCT_CREATED, PRODUCT_UPDATED -> {
				String productId = StripeCatalogObjects.product(event.dataObject(), false).id();
				yield this.catalog.productTiedWith(productId, event.created(), event.id())
						? () -> new ProductReadAhead(this.billing.retrieveProduct(productId)) : null;
			}
			case PRICE_CREATED, PRICE_UPDATED -> {
				String priceId = StripeCatalogObjects.price(event.dataObject(), false).id();
				yield this.catalog.priceTiedWith(priceId, event.created(), event.id())
						? () -> new PriceReadAhead(this.billing.retrievePrice(priceId)) : null;
			}
			case ENTITLEMENT_SUMMARY_UPDATED -> {
				String customerId = StripeCatalogObjects.entitlementCustomer(event.dataObject());
				boolean listed = StripeCatalogObjects.entitlementLookupKeys(event.dataObject()).isPresent();
				yield (!listed || this.features.tiedWith(customerId, event.created(), event.id()))
						? () -> new FeaturesReadAhead(customerId, this.billing.activeEntitlements(customerId)) : null;
			}
			case INVOICE_PAYMENT_SUCCEEDED,
					INVOICE_PAYMENT_FAILED ->
				StripeObjects.invoiceSubscription(event.dataObject())
					.<Supplier<ReadAhead>>map(invoice -> () -> read(invoice.subscriptionId()))
					.orElse(null);
			case CUSTOMER_UPDATED -> {
				String customerId = StripeObjects.customerId(event.dataObject());
				yield this.ledger.customerEmailTiedWith(customerId, StateOrder.event(event.created()), event.id())
					.<Supplier<ReadAhead>>map(stored -> () -> readCustomer(customerId, stored))
					.orElse(null);
			}
			// A deletion is final, even in a tie.
			default -> null;
		};
	}

	WebhookOutcome apply(VerifiedEvent event, @Nullable ReadAhead ahead) {
		StripeEventType type = StripeEventType.of(event.type()).orElse(null);
		if (type == null) {
			return WebhookOutcome.IGNORED;
		}
		return switch (type) {
			case CHECKOUT_SESSION_COMPLETED -> checkoutCompleted(event, ahead);
			case SUBSCRIPTION_CREATED, SUBSCRIPTION_UPDATED, SUBSCRIPTION_PAUSED, SUBSCRIPTION_RESUMED,
					SUBSCRIPTION_PENDING_UPDATE_APPLIED, SUBSCRIPTION_PENDING_UPDATE_EXPIRED,
					SUBSCRIPTION_TRIAL_WILL_END ->
				subscriptionEvent(StripeObjects.subscription(event.dataObject()), null, event, ahead);
			case SUBSCRIPTION_DELETED ->
				subscriptionEvent(ended(StripeObjects.subscription(event.dataObject())), null, event, ahead);
			case INVOICE_PAYMENT_SUCCEEDED, INVOICE_PAYMENT_FAILED ->
				StripeObjects.invoiceSubscription(event.dataObject())
					.map(invoice -> outcome(
							fromStripe(invoice.subscriptionId(), invoice.customerId(), invoice.email(), event, ahead)))
					.orElse(WebhookOutcome.IGNORED);
			case CUSTOMER_UPDATED -> customerUpdated(event, ahead);
			case PRODUCT_CREATED, PRODUCT_UPDATED, PRODUCT_DELETED -> productEvent(event, type, ahead);
			case PRICE_CREATED, PRICE_UPDATED, PRICE_DELETED -> priceEvent(event, type, ahead);
			case ENTITLEMENT_SUMMARY_UPDATED -> entitlementsUpdated(event, ahead);
		};
	}

	// A product in event order; Stripe's answer settles a tie of one second.
	private WebhookOutcome productEvent(VerifiedEvent event, StripeEventType type, @Nullable ReadAhead ahead) {
		boolean deleted = type == StripeEventType.PRODUCT_DELETED;
		StripeCatalog.Standing standing = (ahead instanceof ProductReadAhead read)
				? this.catalog.recordProduct(read.read().product(), event.created(), event.id(), true)
				: this.catalog.recordProduct(StripeCatalogObjects.product(event.dataObject(), deleted), event.created(),
						event.id(), deleted);
		return catalogOutcome(standing, event);
	}

	private WebhookOutcome priceEvent(VerifiedEvent event, StripeEventType type, @Nullable ReadAhead ahead) {
		boolean deleted = type == StripeEventType.PRICE_DELETED;
		StripeCatalog.Standing standing = (ahead instanceof PriceReadAhead read)
				? this.catalog.recordPrice(read.read().price(), event.created(), event.id(), true)
				: this.catalog.recordPrice(StripeCatalogObjects.price(event.dataObject(), deleted), event.created(),
						event.id(), deleted);
		return catalogOutcome(standing, event);
	}

	// The summary's list when it carries one whole, else Stripe's.
	private WebhookOutcome entitlementsUpdated(VerifiedEvent event, @Nullable ReadAhead ahead) {
		String customerId = StripeCatalogObjects.entitlementCustomer(event.dataObject());
		StripeCatalog.Standing standing;
		if (ahead instanceof FeaturesReadAhead read && read.customerId().equals(customerId)) {
			standing = this.features.record(customerId, read.read().lookupKeys(), event.created(), event.id(), true);
		}
		else {
			List<String> keys = StripeCatalogObjects.entitlementLookupKeys(event.dataObject())
				.orElseThrow(() -> new StripeApiUnavailable(
						"Event " + event.id() + " lists no entitlements; they are read from Stripe on the retry",
						new IllegalStateException("no read")));
			standing = this.features.record(customerId, keys, event.created(), event.id(), false);
		}
		return catalogOutcome(standing, event);
	}

	// A tie that appeared after the read-ahead (a concurrent delivery of the same
	// second) is read from Stripe when Stripe delivers the event again.
	private static WebhookOutcome catalogOutcome(StripeCatalog.Standing standing, VerifiedEvent event) {
		if (standing == StripeCatalog.Standing.TIED) {
			throw new StripeApiUnavailable(
					"Event " + event.id() + " ties with a change of the same second; " + "Stripe is asked on the retry",
					new IllegalStateException("same-second tie"));
		}
		return WebhookOutcome.of(standing == StripeCatalog.Standing.NEWER);
	}

	private ReadAhead keepUnknownPrices(SubscriptionSnapshot snapshot) {
		this.catalogReads.keepUnknownPrices(snapshot);
		return PricesKept.INSTANCE;
	}

	// The customer's email, in event order like a subscription, recorded even before
	// XSEN holds any subscription of the customer; when two changes share a second, the
	// customer as Stripe holds it now settles them.
	private WebhookOutcome customerUpdated(VerifiedEvent event, @Nullable ReadAhead ahead) {
		StripeCustomer customer = StripeObjects.customer(event.dataObject())
			.orElseThrow(() -> new StripeObjectUnreadable("Event " + event.id() + " carries no customer"));
		if (!customer.saysEmail()) {
			logger.info("Stripe event {} ignored: it does not say customer {}'s email", event.id(), customer.id());
			return WebhookOutcome.IGNORED;
		}
		Precedence precedence = this.ledger.recordCustomerEmail(customer.id(), customer.email(),
				StateOrder.event(event.created()), event.id());
		if (precedence != Precedence.UNDECIDED) {
			return outcome(precedence);
		}
		// A tie that appeared after the read-ahead (a concurrent delivery) is read here.
		CustomerReadAhead read = (ahead instanceof CustomerReadAhead customerAhead
				&& customerAhead.customerId().equals(customer.id())) ? customerAhead
						: readCustomer(customer.id(), this.ledger.storedCustomerEmailOrder(customer.id()).orElse(null));
		CustomerRead current = read.read();
		if (current == null || !current.saysEmail()) {
			logger.info("Stripe event {} changes nothing: Stripe shows {} for customer {}", event.id(),
					(current == null) ? "no such customer any more" : "no email", customer.id());
			return WebhookOutcome.STALE;
		}
		// Stamped with the event's second, as a subscription read for a tie is.
		return outcome(this.ledger.recordCustomerEmail(customer.id(), current.email(),
				StateOrder.stripeReadAfter(event.created(), read.storedBefore()), event.id()));
	}

	private WebhookOutcome subscriptionEvent(SubscriptionSnapshot snapshot, @Nullable String email, VerifiedEvent event,
			@Nullable ReadAhead ahead) {
		Precedence precedence = this.ledger.record(snapshot, StateOrder.event(event.created()), email, event.id());
		if (precedence == Precedence.UNDECIDED) {
			// Two changes in one second: only Stripe knows which one is current.
			precedence = fromStripe(snapshot.subscriptionId(), snapshot.customerId(), email, event, ahead);
		}
		return outcome(precedence);
	}

	private WebhookOutcome checkoutCompleted(VerifiedEvent event, @Nullable ReadAhead ahead) {
		CheckoutSession session = StripeObjects.checkoutSession(event.dataObject());
		if (!session.isSubscription()) {
			return WebhookOutcome.IGNORED;
		}
		String subscriptionId = session.subscriptionId();
		if (subscriptionId == null) {
			throw new StripeObjectUnreadable("Subscription checkout " + session.id() + " names no subscription");
		}
		if (session.expandedSubscription() != null) {
			return subscriptionEvent(StripeObjects.subscription(session.expandedSubscription()), session.email(), event,
					ahead);
		}
		// A checkout event carries only the subscription's id; its tier, status and
		// period come from Stripe.
		return outcome(fromStripe(subscriptionId, session.customerId(), session.email(), event, ahead));
	}

	// Stamped with the event's second, not the read's: any event after this one still
	// applies, so the stored state converges on Stripe's latest event whatever the
	// delivery order.
	private Precedence fromStripe(String subscriptionId, @Nullable String customerId, @Nullable String email,
			VerifiedEvent event, @Nullable ReadAhead ahead) {
		// A tie that appeared after the read-ahead (a concurrent delivery) is read here.
		SubscriptionReadAhead read = (ahead instanceof SubscriptionReadAhead subscriptionAhead
				&& subscriptionAhead.subscriptionId().equals(subscriptionId)) ? subscriptionAhead
						: read(subscriptionId);
		SubscriptionSnapshot snapshot = read.read().snapshot();
		String owned = email;
		if (email != null && customerId != null && !customerId.equals(snapshot.customerId())) {
			logger.warn("Event {} names customer {}, but Stripe says subscription {} belongs to {}: email not used",
					event.id(), customerId, subscriptionId, snapshot.customerId());
			owned = null;
		}
		return this.ledger.record(snapshot, StateOrder.stripeReadAfter(event.created(), read.storedBefore()), owned,
				event.id());
	}

	// Reads the subscription from Stripe, with what XSEN held before asking, and the
	// prices of it the catalog lacks.
	private SubscriptionReadAhead read(String subscriptionId) {
		StateOrder stored = this.ledger.storedOrder(subscriptionId).orElse(null);
		SubscriptionRead read = this.billing.retrieveSubscription(subscriptionId);
		this.catalogReads.keepUnknownPrices(read.snapshot());
		return new SubscriptionReadAhead(subscriptionId, stored, read);
	}

	// Reads the customer from Stripe; storedBefore is the email's order as XSEN held it
	// before asking.
	private CustomerReadAhead readCustomer(String customerId, @Nullable StateOrder storedBefore) {
		return new CustomerReadAhead(customerId, storedBefore, this.billing.retrieveCustomer(customerId).orElse(null));
	}

	private static WebhookOutcome outcome(Precedence precedence) {
		return WebhookOutcome.of(precedence == Precedence.NEWER);
	}

	// A deleted subscription ended: canceled, or incomplete_expired when Stripe says so.
	private static SubscriptionSnapshot ended(SubscriptionSnapshot snapshot) {
		return snapshot.withStatus("incomplete_expired".equals(snapshot.status()) ? snapshot.status() : "canceled");
	}

	/**
	 * What XSEN read from Stripe for one event before the event's transaction opened,
	 * with what it held before the read began.
	 */
	sealed interface ReadAhead {

	}

	/**
	 * The prices of the event's subscription that the catalog lacked, read and kept.
	 */
	enum PricesKept implements ReadAhead {

		INSTANCE

	}

	/**
	 * A product read from Stripe for an event that ties with the stored one.
	 */
	record ProductReadAhead(ProductRead read) implements ReadAhead {
	}

	/**
	 * A price read from Stripe for an event that ties with the stored one.
	 */
	record PriceReadAhead(PriceRead read) implements ReadAhead {
	}

	/**
	 * A customer's active entitlements read from Stripe for a summary event.
	 */
	record FeaturesReadAhead(String customerId, FeaturesRead read) implements ReadAhead {
	}

	/**
	 * A subscription read from Stripe for one event.
	 */
	record SubscriptionReadAhead(String subscriptionId, @Nullable StateOrder storedBefore,
			SubscriptionRead read) implements ReadAhead {
	}

	/**
	 * A customer read from Stripe for one event.
	 *
	 * @param read the customer, {@code null} when Stripe says it was deleted
	 */
	record CustomerReadAhead(String customerId, @Nullable StateOrder storedBefore,
			@Nullable CustomerRead read) implements ReadAhead {
	}

}
