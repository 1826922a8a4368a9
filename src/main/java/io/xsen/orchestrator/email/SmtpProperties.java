package io.xsen.orchestrator.email;

import java.time.Duration;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.StringUtils;

/**
 * The SMTP server emails leave through ({@code SMTP_HOST}, {@code SMTP_PORT},
 * {@code SMTP_USERNAME}, {@code SMTP_PASSWORD}, {@code SMTP_STARTTLS}), with timeouts so
 * a silent server never holds a sender forever; no host means no SMTP.
 */
@ConfigurationProperties("xsen.smtp")
record SmtpProperties(@Nullable String host, @DefaultValue("587") Integer port, @Nullable String username,
		@Nullable String password, @DefaultValue("true") Boolean starttls, @DefaultValue("10s") Duration connectTimeout,
		@DefaultValue("10s") Duration readTimeout, @DefaultValue("10s") Duration writeTimeout) {

	/** The SMTP client, {@code null} without a host. */
	@Nullable JavaMailSenderImpl sender() {
		if (!StringUtils.hasText(this.host)) {
			return null;
		}
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost(this.host);
		sender.setPort(this.port);
		sender.setDefaultEncoding("UTF-8");
		Properties properties = new Properties();
		if (StringUtils.hasText(this.username)) {
			sender.setUsername(this.username);
			sender.setPassword(this.password);
			properties.setProperty("mail.smtp.auth", "true");
		}
		// Port 465 speaks TLS from the first byte; elsewhere STARTTLS, required when
		// on so that a stripped offer cannot downgrade the connection.
		if (this.port == 465) {
			properties.setProperty("mail.smtp.ssl.enable", "true");
		}
		else if (this.starttls) {
			properties.setProperty("mail.smtp.starttls.enable", "true");
			properties.setProperty("mail.smtp.starttls.required", "true");
		}
		// Jakarta Mail waits forever by default.
		properties.setProperty("mail.smtp.connectiontimeout", Long.toString(this.connectTimeout.toMillis()));
		properties.setProperty("mail.smtp.timeout", Long.toString(this.readTimeout.toMillis()));
		properties.setProperty("mail.smtp.writetimeout", Long.toString(this.writeTimeout.toMillis()));
		sender.setJavaMailProperties(properties);
		return sender;
	}

}
