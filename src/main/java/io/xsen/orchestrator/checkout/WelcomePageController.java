package io.xsen.orchestrator.checkout;

import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Hidden;
import io.xsen.orchestrator.ProblemException;
import io.xsen.orchestrator.billing.CheckoutSession;
import io.xsen.orchestrator.billing.StripeApiUnavailable;
import io.xsen.orchestrator.token.TokenClaims;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages Stripe Checkout returns a buyer to. {@code /welcome} waits, refreshing, until
 * Stripe reports the session complete, then offers a button that performs the session's
 * one token claim and shows the token; {@code /welcome/canceled} says nothing was
 * charged. A GET claims nothing, since links are fetched by scanners and previews.
 */
@Controller
@Hidden
class WelcomePageController {

	private static final Logger logger = LoggerFactory.getLogger(WelcomePageController.class);

	private static final Pattern SESSION_ID = Pattern.compile("cs_[A-Za-z0-9_]{1,250}");

	private static final String REFRESH_SECONDS = "3";

	private static final String ALREADY_REVEALED = "The token of this purchase was already revealed: each purchase "
			+ "reveals its token once. If you lost it, ask for an access link by email at /access.";

	private final TokenClaims claims;

	private final CheckoutUrls urls;

	WelcomePageController(TokenClaims claims, CheckoutUrls urls) {
		this.claims = claims;
		this.urls = urls;
	}

	@GetMapping("/welcome")
	String welcome(@RequestParam(name = "session_id", required = false) @Nullable String sessionId, CsrfToken csrf,
			Model model, HttpServletResponse response) {
		if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
			response.setStatus(HttpStatus.NOT_FOUND.value());
			return message(model, "This checkout link is not valid",
					"This page needs the link Stripe Checkout sent you back with. Check that you copied it whole.");
		}
		if (this.claims.claimed(sessionId)) {
			return message(model, "Your token was already revealed", ALREADY_REVEALED);
		}
		CheckoutSession session;
		try {
			session = this.claims.session(sessionId);
		}
		catch (ProblemException refused) {
			response.setStatus(refused.getStatusCode().value());
			return message(model, "This checkout link is not valid", "Stripe knows no such checkout.");
		}
		catch (StripeApiUnavailable ex) {
			return waiting(model, response, HttpStatus.SERVICE_UNAVAILABLE, "Stripe cannot be reached",
					"Stripe could not be reached just now. This page tries again by itself.");
		}
		if ("expired".equals(session.status())) {
			response.setStatus(HttpStatus.GONE.value());
			return message(model, "This checkout has expired",
					"This checkout expired before it was paid, so nothing was charged. Ask your assistant for a new "
							+ "link.");
		}
		if (!session.isComplete()) {
			return waiting(model, response, HttpStatus.OK, "Waiting for your payment",
					"Stripe has not reported this checkout complete yet. This page refreshes by itself until it does.");
		}
		// Loaded now, so its cookie is set before the page is written.
		csrf.getToken();
		model.addAttribute("sessionId", sessionId);
		return "welcome/ready";
	}

	@PostMapping("/welcome")
	String reveal(@RequestParam(name = "session_id", defaultValue = "") String sessionId, Model model,
			HttpServletResponse response) {
		if (!SESSION_ID.matcher(sessionId).matches()) {
			response.setStatus(HttpStatus.NOT_FOUND.value());
			return message(model, "This checkout link is not valid",
					"This page needs the link Stripe Checkout sent you back with.");
		}
		TokenClaims.ClaimedToken claimed;
		try {
			claimed = this.claims.claim(sessionId);
		}
		catch (ProblemException refused) {
			response.setStatus(refused.getStatusCode().value());
			if ("already_claimed".equals(code(refused))) {
				return message(model, "Your token was already revealed", ALREADY_REVEALED);
			}
			if ("checkout_session_incomplete".equals(code(refused))) {
				return waiting(model, response, HttpStatus.CONFLICT, "Waiting for your payment",
						"Stripe has not reported this checkout complete yet. This page refreshes by itself until it "
								+ "does.");
			}
			return message(model, "No token revealed", refused.getMessage() + ".");
		}
		catch (StripeApiUnavailable ex) {
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			return message(model, "Stripe cannot be reached",
					"Stripe could not be reached just now, so no token was revealed. Go back and press the button "
							+ "again in a moment.");
		}
		logger.info("Welcome page revealed token {}... for a customer", claimed.token().prefix());
		model.addAttribute("token", claimed.token().token());
		model.addAttribute("expiresAt", claimed.token().expiresAt());
		model.addAttribute("tier", claimed.tier());
		model.addAttribute("baseUrl", this.urls.baseUrl());
		return "access/token";
	}

	@GetMapping("/welcome/canceled")
	String canceled(Model model) {
		return message(model, "Checkout canceled",
				"You left the checkout before paying, so nothing was charged. Ask your assistant for a new link "
						+ "whenever you are ready.");
	}

	private static @Nullable String code(ProblemException refused) {
		return (refused.getBody().getProperties() != null)
				? String.valueOf(refused.getBody().getProperties().get("code")) : null;
	}

	private static String waiting(Model model, HttpServletResponse response, HttpStatus status, String title,
			String text) {
		response.setStatus(status.value());
		model.addAttribute("refreshSeconds", REFRESH_SECONDS);
		return message(model, title, text);
	}

	private static String message(Model model, String title, String text) {
		model.addAttribute("title", title);
		model.addAttribute("message", text);
		model.addAttribute("askForm", false);
		return "access/message";
	}

}
