package io.xsen.orchestrator.billing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a controller's callers read in the 503 {@code stripe_unavailable} problem, where
 * their next step differs from "retry shortly" (Stripe redelivers a webhook, an operator
 * replays or syncs again).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StripeOutageDetail {

	String value();

}
