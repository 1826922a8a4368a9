package io.xsen.orchestrator.email;

import io.xsen.orchestrator.XsenApplication;
import io.xsen.orchestrator.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * An operator who sets up SMTP but forgets the sender, or gives a malformed one, learns
 * which setting from the startup failure.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmailSettingsTests {

	@Test
	void smtpWithoutMailFromStopsStartupNamingIt(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("--SMTP_HOST=smtp.example.com", "--MAIL_FROM="));

		assertThat(output).contains("MAIL_FROM is required when SMTP_HOST is set");
	}

	@Test
	void aMalformedSenderStopsStartupNamingIt(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("--MAIL_FROM=XSEN <no-reply>"));

		assertThat(output).contains("MAIL_FROM must be an address");
	}

	private static void start(String... settings) {
		String[] arguments = new String[settings.length + 8];
		System.arraycopy(settings, 0, arguments, 0, settings.length);
		System.arraycopy(
				new String[] { "--STRIPE_SECRET_KEY=sk_test_email_settings",
						"--STRIPE_WEBHOOK_SECRET=whsec_email_settings", "--STRIPE_PRICE_BASIC=price_basic_monthly",
						"--STRIPE_PRICE_PREMIUM=price_premium_monthly",
						"--spring.datasource.url=" + TestDatabase.get().jdbcUrl(),
						"--spring.datasource.username=" + TestDatabase.get().username(),
						"--spring.datasource.password=" + TestDatabase.get().password(), "--server.port=0" },
				0, arguments, settings.length, 8);
		new SpringApplicationBuilder(XsenApplication.class).run(arguments).close();
	}

}
