package io.xsen.orchestrator.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import io.xsen.orchestrator.ParameterInvalid;
import io.xsen.orchestrator.ProblemException;
import io.xsen.orchestrator.RateWindows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Takes a customer's request for an access link, from the API or from the link pages'
 * form: checks the address, limits requests per client address and per email, then queues
 * the link when the address has a subscription with access.
 */
@Component
class AccessLinkIntake {

	private static final Logger logger = LoggerFactory.getLogger(AccessLinkIntake.class);

	static final int MAX_EMAIL_LENGTH = 320;

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

	private final AccessLinkRequests requests;

	private final RateWindows windows;

	private final RateWindows.Limit perAddress;

	private final RateWindows.Limit perEmail;

	AccessLinkIntake(AccessLinkRequests requests, RateWindows windows, EmailProperties properties) {
		this.requests = requests;
		this.windows = windows;
		this.perAddress = new RateWindows.Limit("access-link-address", Duration.ofMinutes(1),
				properties.linkRatePerMinute());
		this.perEmail = new RateWindows.Limit("access-link-email", Duration.ofHours(1),
				properties.linkRatePerEmailPerHour());
	}

	/**
	 * Queues a link for {@code email} asked from {@code address}; throws 400
	 * {@code invalid_request} for a value that is not an address and 429
	 * {@code rate_limited} over a limit.
	 */
	void request(String email, String address) {
		String trimmed = email.trim();
		if (trimmed.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(trimmed).matches()) {
			throw new ParameterInvalid("email",
					"email must be an email address of at most " + MAX_EMAIL_LENGTH + " characters");
		}
		limit(this.perAddress, address, "Too many access link requests from this address");
		limit(this.perEmail, sha256(trimmed.toLowerCase(Locale.ROOT)), "Too many access link requests for this email");
		this.requests.request(trimmed);
	}

	private void limit(RateWindows.Limit limit, String subject, String refusal) {
		int retryAfter = this.windows.count(limit, subject);
		if (retryAfter > 0) {
			logger.debug("Access link request refused: over the limit {}", limit.name());
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

}
