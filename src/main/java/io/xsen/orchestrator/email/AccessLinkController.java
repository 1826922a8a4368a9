package io.xsen.orchestrator.email;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/access-link}: a customer who lost their token asks for a one-time
 * access link by email. The answer is 202 whether or not the address has a subscription,
 * so it tells nobody who is a customer; requests are limited per client address and per
 * email.
 */
@Tag(name = "Access links")
@RestController
class AccessLinkController {

	static final String ACCEPTED = "If this email has a subscription with access, an access link is on its way.";

	private final AccessLinkIntake intake;

	AccessLinkController(AccessLinkIntake intake) {
		this.intake = intake;
	}

	@Operation(operationId = "requestAccessLink",
			summary = "Ask for a one-time access link by email when the token is lost")
	@PostMapping("/api/access-link")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Accepted request(@RequestBody AccessLinkRequest body, HttpServletRequest request) {
		// Behind a trusted proxy, the address the proxy saw (Tomcat's RemoteIpValve).
		this.intake.request((body.email() != null) ? body.email() : "", request.getRemoteAddr());
		return new Accepted(ACCEPTED);
	}

	/** The customer's request. */
	record AccessLinkRequest(@Nullable String email) {
	}

	/** The same answer for every address. */
	record Accepted(String message) {
	}

}
