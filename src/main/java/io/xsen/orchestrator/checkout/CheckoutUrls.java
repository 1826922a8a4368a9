package io.xsen.orchestrator.checkout;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Where Stripe sends a buyer back: the welcome page under {@code PUBLIC_BASE_URL} after
 * Checkout, {@code PORTAL_RETURN_URL} after the billing portal.
 */
@Component
class CheckoutUrls {

	// Stripe puts the session's id in its place when it redirects.
	static final String SESSION_ID_TEMPLATE = "{CHECKOUT_SESSION_ID}";

	private final String baseUrl;

	private final @Nullable String portalReturnUrl;

	// The same settings as the emails' links and the portal endpoint, validated there.
	CheckoutUrls(@Value("${xsen.mail.public-base-url:}") String publicBaseUrl,
			@Value("${xsen.access.portal-return-url:}") String portalReturnUrl) {
		this.baseUrl = (StringUtils.hasText(publicBaseUrl) ? publicBaseUrl : "http://localhost:8080").replaceAll("/+$",
				"");
		this.portalReturnUrl = StringUtils.hasText(portalReturnUrl) ? portalReturnUrl : null;
	}

	String baseUrl() {
		return this.baseUrl;
	}

	String success() {
		return this.baseUrl + "/welcome?session_id=" + SESSION_ID_TEMPLATE;
	}

	String cancel() {
		return this.baseUrl + "/welcome/canceled";
	}

	@Nullable String portalReturn() {
		return this.portalReturnUrl;
	}

}
