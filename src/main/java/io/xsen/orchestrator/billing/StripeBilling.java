package io.xsen.orchestrator.billing;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Subscription;
import io.xsen.orchestrator.subscription.SubscriptionSnapshot;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Service;

/**
 * Reads from the Stripe API what webhooks did not carry, turning Stripe's failures into
 * retry-or-not answers.
 */
@Service
public class StripeBilling {

	private final StripeClient stripe;

	private final ObjectMapper objectMapper;

	StripeBilling(StripeClient stripe, ObjectMapper objectMapper) {
		this.stripe = stripe;
		this.objectMapper = objectMapper;
	}

	/**
	 * Stripe's current state of a subscription.
	 * @throws StripeApiUnavailable when Stripe cannot answer now
	 * @throws StripeRequestRejected when Stripe says the request is wrong (for example,
	 * no such subscription)
	 */
	public SubscriptionSnapshot retrieveSubscription(String subscriptionId) {
		Subscription subscription = call("retrieve subscription " + subscriptionId,
				() -> this.stripe.v1().subscriptions().retrieve(subscriptionId));
		return StripeObjects.subscription(readJson(subscription.getLastResponse().body()));
	}

	private tools.jackson.databind.JsonNode readJson(String body) {
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

	@FunctionalInterface
	private interface StripeCall<T> {

		T execute() throws StripeException;

	}

}
