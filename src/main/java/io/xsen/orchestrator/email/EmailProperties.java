package io.xsen.orchestrator.email;

import java.net.URI;
import java.time.Duration;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * What XSEN's emails say and how they are delivered: the sender ({@code MAIL_FROM},
 * required with SMTP), the service's public address for links ({@code PUBLIC_BASE_URL}),
 * how long an access link lives ({@code XSEN_ACCESS_LINK_TTL}), how often the outbox is
 * polled and failures retried, and how many access links a client address or an email may
 * ask for.
 *
 * @param console whether emails that cannot be sent (no SMTP host) are printed to the
 * log, links included: for local development only ({@code bin/xsen run} sets it)
 */
@ConfigurationProperties("xsen.mail")
record EmailProperties(@Nullable String from, @DefaultValue(LOCAL_BASE_URL) String publicBaseUrl,
		@DefaultValue("7d") Duration accessLinkTtl, @DefaultValue("false") Boolean console,
		@DefaultValue("5s") Duration pollInterval, @DefaultValue("1m") Duration suspensionScanInterval,
		@DefaultValue("1m") Duration retryBackoff, @DefaultValue("1h") Duration retryBackoffMax,
		@DefaultValue("24h") Duration retryFor, @DefaultValue("5") Integer linkRatePerMinute,
		@DefaultValue("3") Integer linkRatePerEmailPerHour, @Nullable String portalReturnUrl) {

	/** The sender of local development, where nothing is sent. */
	static final String LOCAL_FROM = "XSEN <no-reply@xsen.localhost>";

	private static final String LOCAL_BASE_URL = "http://localhost:8080";

	EmailProperties {
		try {
			new InternetAddress(StringUtils.hasText(from) ? from : LOCAL_FROM, true);
		}
		catch (AddressException ex) {
			throw new IllegalArgumentException(
					"MAIL_FROM must be an address such as 'XSEN <no-reply@example.com>': " + ex.getMessage());
		}
		// An unset variable binds as an empty string, not as the default.
		publicBaseUrl = StringUtils.hasText(publicBaseUrl) ? publicBaseUrl : LOCAL_BASE_URL;
		URI base = URI.create(publicBaseUrl);
		if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme())) || base.getHost() == null) {
			throw new IllegalArgumentException(
					"PUBLIC_BASE_URL must be an http(s) URL such as https://xsen.example.com");
		}
		publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
		if (accessLinkTtl.isNegative() || accessLinkTtl.isZero()) {
			throw new IllegalArgumentException("XSEN_ACCESS_LINK_TTL must be positive");
		}
		if (linkRatePerMinute < 1 || linkRatePerEmailPerHour < 1) {
			throw new IllegalArgumentException("Access link rate limits must be at least 1");
		}
	}

	/** {@code MAIL_FROM}, or a local sender while it is unset. */
	String sender() {
		return StringUtils.hasText(this.from) ? this.from : LOCAL_FROM;
	}

	/** The domain of the sender, which names the emails' Message-IDs. */
	String fromDomain() {
		try {
			String address = new InternetAddress(sender(), true).getAddress();
			return address.substring(address.indexOf('@') + 1);
		}
		catch (AddressException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Nullable String portalReturnUrlOrDefault() {
		return StringUtils.hasText(this.portalReturnUrl) ? this.portalReturnUrl : null;
	}

}
