package io.xsen.orchestrator.email;

import io.swagger.v3.oas.annotations.Hidden;
import io.xsen.orchestrator.ProblemException;
import io.xsen.orchestrator.billing.StripeBilling;
import io.xsen.orchestrator.email.AccessLinks.Link;
import io.xsen.orchestrator.email.AccessLinks.State;
import io.xsen.orchestrator.email.AccessReveal.Outcome;
import io.xsen.orchestrator.token.IssuedToken;
import jakarta.servlet.http.HttpServletRequest;
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
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages behind the emails' links. {@code /access/{code}} explains the token and shows
 * a button that reveals it once; {@code /billing/{code}} opens Stripe's billing portal
 * for the customer when pressed; {@code /access} asks for a new link by email, and every
 * spent or expired link offers that form. A GET never spends or opens anything, since
 * mail scanners fetch links; the buttons post with a CSRF token.
 */
@Controller
@Hidden
class AccessPageController {

	private static final Logger logger = LoggerFactory.getLogger(AccessPageController.class);

	private final AccessLinks links;

	private final AccessReveal reveal;

	private final StripeBilling billing;

	private final EmailProperties properties;

	private final AccessLinkIntake intake;

	AccessPageController(AccessLinks links, AccessReveal reveal, StripeBilling billing, EmailProperties properties,
			AccessLinkIntake intake) {
		this.links = links;
		this.reveal = reveal;
		this.billing = billing;
		this.properties = properties;
		this.intake = intake;
	}

	@GetMapping("/access/{code}")
	String access(@PathVariable String code, CsrfToken csrf, Model model, HttpServletResponse response) {
		return linkPage(code, LinkPurpose.ACCESS, "access/reveal", csrf, model, response);
	}

	@PostMapping("/access/{code}")
	String revealToken(@PathVariable String code, CsrfToken csrf, Model model, HttpServletResponse response) {
		Outcome outcome = this.reveal.reveal(code);
		IssuedToken token = outcome.token();
		if (token == null) {
			if (outcome.state() == State.VALID) {
				response.setStatus(HttpStatus.FORBIDDEN.value());
				return message(model, "No access right now",
						"Your subscription does not grant access at the moment, so no token was issued. "
								+ "This link still works once your subscription is active again.",
						false);
			}
			return refused(outcome.state(), csrf, model, response);
		}
		logger.info("Access link revealed token {}... for a customer", token.prefix());
		model.addAttribute("token", token.token());
		model.addAttribute("expiresAt", token.expiresAt());
		model.addAttribute("tier", outcome.tier());
		model.addAttribute("baseUrl", this.properties.publicBaseUrl());
		return "access/token";
	}

	/**
	 * The form a customer who lost their token or spent their link asks for a new link
	 * with.
	 */
	@GetMapping("/access")
	String askForLink(CsrfToken csrf, Model model) {
		// Loaded now, so its cookie is set before the page is written.
		csrf.getToken();
		return message(model, "Ask for a new access link",
				"Enter the email address of your subscription: XSEN sends a one-time link to it that reveals a new "
						+ "token.",
				true);
	}

	@PostMapping("/access")
	String requestLink(@RequestParam(defaultValue = "") String email, CsrfToken csrf, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		try {
			// Behind a trusted proxy, the address the proxy saw (Tomcat's RemoteIpValve).
			this.intake.request(email, request.getRemoteAddr());
		}
		catch (ProblemException refused) {
			response.setStatus(refused.getStatusCode().value());
			refused.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
			csrf.getToken();
			return message(model, "No link sent", refused.getMessage() + ".", true);
		}
		response.setStatus(HttpStatus.ACCEPTED.value());
		return message(model, "Check your email", AccessLinkController.ACCEPTED, false);
	}

	@GetMapping("/billing/{code}")
	String billing(@PathVariable String code, CsrfToken csrf, Model model, HttpServletResponse response) {
		return linkPage(code, LinkPurpose.BILLING, "access/billing", csrf, model, response);
	}

	@PostMapping("/billing/{code}")
	String openPortal(@PathVariable String code, CsrfToken csrf, Model model, HttpServletResponse response) {
		Link link = this.links.find(code, LinkPurpose.BILLING);
		String customerId = link.customerId();
		if (link.state() != State.VALID || customerId == null) {
			return refused(link.state(), csrf, model, response);
		}
		// Portal sessions expire within minutes: made only now, for this click.
		return "redirect:" + this.billing.createPortalSession(customerId, this.properties.portalReturnUrlOrDefault());
	}

	// The page behind a valid link, with its button; nothing is spent or opened.
	private String linkPage(String code, LinkPurpose purpose, String view, CsrfToken csrf, Model model,
			HttpServletResponse response) {
		Link link = this.links.find(code, purpose);
		if (link.state() != State.VALID) {
			return refused(link.state(), csrf, model, response);
		}
		// Loaded now, so its cookie is set before the page is written.
		csrf.getToken();
		model.addAttribute("code", code);
		return view;
	}

	// A spent, expired or unknown link: the page says so and offers the form for a new
	// one.
	private static String refused(State state, CsrfToken csrf, Model model, HttpServletResponse response) {
		csrf.getToken();
		return switch (state) {
			case USED -> {
				response.setStatus(HttpStatus.GONE.value());
				yield message(model, "This link has been used",
						"This link has been used. Each link reveals a token once; ask for a new link below if you "
								+ "need one.",
						true);
			}
			case EXPIRED -> {
				response.setStatus(HttpStatus.GONE.value());
				yield message(model, "This link has expired",
						"This link has expired or a newer one replaced it. Ask for a new link below if you need one.",
						true);
			}
			default -> {
				response.setStatus(HttpStatus.NOT_FOUND.value());
				yield message(model, "This link is not valid",
						"This link is not valid. Check that you copied it whole, or ask for a new one below.", true);
			}
		};
	}

	private static String message(Model model, String title, String text, boolean askForm) {
		model.addAttribute("title", title);
		model.addAttribute("message", text);
		model.addAttribute("askForm", askForm);
		return "access/message";
	}

}
