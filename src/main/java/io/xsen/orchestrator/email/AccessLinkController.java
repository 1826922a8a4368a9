package io.xsen.orchestrator.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xsen.orchestrator.ParameterInvalid;
import io.xsen.orchestrator.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
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

	private static final Logger logger = LoggerFactory.getLogger(AccessLinkController.class);

	private static final int MAX_EMAIL_LENGTH = 320;

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

	private final AccessLinkRequests requests;

	private final AccessLinkRateLimit limit;

	private final EmailProperties properties;

	AccessLinkController(AccessLinkRequests requests, AccessLinkRateLimit limit, EmailProperties properties) {
		this.requests = requests;
		this.limit = limit;
		this.properties = properties;
	}

	@Operation(operationId = "requestAccessLink",
			summary = "Ask for a one-time access link by email when the token is lost")
	@PostMapping("/api/access-link")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Accepted request(@RequestBody AccessLinkRequest body, HttpServletRequest request) {
		String email = (body.email() != null) ? body.email().trim() : "";
		if (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
			throw new ParameterInvalid("email",
					"email must be an email address of at most " + MAX_EMAIL_LENGTH + " characters");
		}
		// Behind a trusted proxy, the address the proxy saw (Tomcat's RemoteIpValve).
		String address = request.getRemoteAddr();
		limit("address:" + address, Duration.ofMinutes(1), this.properties.linkRatePerMinute(),
				"Too many access link requests from this address");
		limit("email:" + sha256(email.toLowerCase(Locale.ROOT)), Duration.ofHours(1),
				this.properties.linkRatePerEmailPerHour(), "Too many access link requests for this email");
		this.requests.request(email);
		return new Accepted("If this email has a subscription with access, an access link is on its way.");
	}

	private void limit(String key, Duration window, int perWindow, String refusal) {
		int retryAfter = this.limit.count(key, window, perWindow);
		if (retryAfter > 0) {
			logger.debug("Access link request refused: over the limit for {}", key.substring(0, key.indexOf(':')));
			ProblemException tooMany = new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
					refusal + "; retry in " + retryAfter + " s");
			tooMany.getHeaders().set(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfter));
			throw tooMany;
		}
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The customer's request. */
	record AccessLinkRequest(@Nullable String email) {
	}

	/** The same answer for every address. */
	record Accepted(String message) {
	}

}
