package io.xsen.orchestrator.email;

import java.time.Duration;
import java.util.Map;

import io.xsen.orchestrator.email.EmailTemplates.RenderedEmail;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emails that carry a one-time link tell the customer how long it works, as
 * {@code XSEN_ACCESS_LINK_TTL} sets it.
 */
class EmailTemplatesTests {

	private static final String LINK = "https://xsen.example.com/access/abc";

	@Test
	void theWelcomeEmailSaysTheLinkExpiresAfterTheConfiguredSevenDays() {
		RenderedEmail email = render(EmailKind.ACCESS, Duration.ofDays(7));

		assertThat(email.text()).contains("it works once and expires in 7 days:").doesNotContain("a few days");
		assertThat(email.html()).contains("it works once and expires in <span>7 days</span>:");
	}

	@Test
	void aRequestedLinkStatesAShorterLifetimeInItsOwnUnit() {
		assertThat(render(EmailKind.ACCESS_LINK, Duration.ofHours(36)).text()).contains("expires in 36 hours:");
		assertThat(render(EmailKind.ACCESS_LINK, Duration.ofDays(1)).html()).contains("expires in <span>1 day</span>:");
		assertThat(render(EmailKind.ACCESS_LINK, Duration.ofMinutes(90)).text()).contains("expires in 90 minutes:");
	}

	private static RenderedEmail render(EmailKind kind, Duration accessLinkTtl) {
		EmailProperties properties = new EmailProperties(null, "https://xsen.example.com", accessLinkTtl, false,
				Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofHours(1),
				Duration.ofHours(24), 5, 3, null);
		return new EmailTemplates(properties).render(kind, Map.of("tier", "basic"), LINK);
	}

}
