package io.xsen.orchestrator.email;

import io.swagger.v3.oas.annotations.Hidden;
import io.xsen.orchestrator.billing.StripeBilling;
import io.xsen.orchestrator.email.AccessLinks.Link;
import io.xsen.orchestrator.email.AccessLinks.State;
import io.xsen.orchestrator.email.AccessReveal.Outcome;
import io.xsen.orchestrator.token.IssuedToken;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The pages behind the emails' links. {@code /access/{code}} explains the token and shows
 * a button that reveals it once; {@code /billing/{code}} opens Stripe's billing portal
 * for the customer when pressed. A GET never spends or opens anything, since mail
 * scanners fetch links; the buttons post with a CSRF token.
 */
@Controller
@Hidden
class AccessPageController {

	private static final Logger logger = LoggerFactory.getLogger(AccessPageController.class);

	private final AccessLinks links;

	private final AccessReveal reveal;

	private final StripeBilling billing;

	private final EmailProperties properties;

	AccessPageController(AccessLinks links, AccessReveal reveal, StripeBilling billing, EmailProperties properties) {
		this.links = links;
		this.reveal = reveal;
		this.billing = billing;
		this.properties = properties;
	}

	@GetMapping("/access/{code}")
	String access(@PathVariable String code, CsrfToken csrf, Model model, HttpServletResponse response) {
		return linkPage(code, LinkPurpose.ACCESS, "access/reveal", csrf, model, response);
	}

	@PostMapping("/access/{code}")
	String revealToken(@PathVariable String code, Model model, HttpServletResponse response) {
		Outcome outcome = this.reveal.reveal(code);
		IssuedToken token = outcome.token();
		if (token == null) {
			if (outcome.state() == State.VALID) {
				response.setStatus(HttpStatus.FORBIDDEN.value());
				return message(model, "No access right now",
						"Your subscription does not grant access at the moment, so no token was issued. "
								+ "This link still works once your subscription is active again.");
			}
			return refused(outcome.state(), model, response);
		}
		logger.info("Access link revealed token {}... for a customer", token.prefix());
		model.addAttribute("token", token.token());
		model.addAttribute("expiresAt", token.expiresAt());
		model.addAttribute("tier", outcome.tier());
		model.addAttribute("baseUrl", this.properties.publicBaseUrl());
		return "access/token";
	}

	@GetMapping("/billing/{code}")
	String billing(@PathVariable String code, CsrfToken csrf, Model model, HttpServletResponse response) {
		return linkPage(code, LinkPurpose.BILLING, "access/billing", csrf, model, response);
	}

	@PostMapping("/billing/{code}")
	String openPortal(@PathVariable String code, Model model, HttpServletResponse response) {
		Link link = this.links.find(code, LinkPurpose.BILLING);
		String customerId = link.customerId();
		if (link.state() != State.VALID || customerId == null) {
			return refused(link.state(), model, response);
		}
		// Portal sessions expire within minutes: made only now, for this click.
		return "redirect:" + this.billing.createPortalSession(customerId, this.properties.portalReturnUrlOrDefault());
	}

	// The page behind a valid link, with its button; nothing is spent or opened.
	private String linkPage(String code, LinkPurpose purpose, String view, CsrfToken csrf, Model model,
			HttpServletResponse response) {
		Link link = this.links.find(code, purpose);
		if (link.state() != State.VALID) {
			return refused(link.state(), model, response);
		}
		// Loaded now, so its cookie is set before the page is written.
		csrf.getToken();
		model.addAttribute("code", code);
		return view;
	}

	private static String refused(State state, Model model, HttpServletResponse response) {
		return switch (state) {
			case USED -> {
				response.setStatus(HttpStatus.GONE.value());
				yield message(model, "This link has been used",
						"This link has been used. Each link reveals a token once; ask for a new link if you need one.");
			}
			case EXPIRED -> {
				response.setStatus(HttpStatus.GONE.value());
				yield message(model, "This link has expired",
						"This link has expired or a newer one replaced it. Ask for a new link if you need one.");
			}
			default -> {
				response.setStatus(HttpStatus.NOT_FOUND.value());
				yield message(model, "This link is not valid",
						"This link is not valid. Check that you copied it whole, or ask for a new one.");
			}
		};
	}

	private static String message(Model model, String title, String text) {
		model.addAttribute("title", title);
		model.addAttribute("message", text);
		return "access/message";
	}

}
