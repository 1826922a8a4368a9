package io.xsen.orchestrator.email;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.stereotype.Component;

/**
 * Renders an email's plain-text and HTML parts from its kind's templates
 * ({@code templates/email/<kind>.txt} and {@code .html}); Thymeleaf escapes every value,
 * and the templates load nothing remote.
 */
@Component
class EmailTemplates {

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private final TemplateEngine html = engine(TemplateMode.HTML, ".html");

	private final TemplateEngine text = engine(TemplateMode.TEXT, ".txt");

	private final EmailProperties properties;

	EmailTemplates(EmailProperties properties) {
		this.properties = properties;
	}

	/**
	 * The email's parts.
	 * @param details the values the outbox row keeps for its kind
	 * @param link the address the email carries, {@code null} for none
	 */
	RenderedEmail render(EmailKind kind, Map<String, String> details, @Nullable String link) {
		Context context = new Context(Locale.ENGLISH);
		context.setVariable("tier", details.get("tier"));
		context.setVariable("date", date(details.get("date")));
		context.setVariable("periodEnd", date(details.get("period_end")));
		context.setVariable("messagesUsed", details.get("messages_used"));
		context.setVariable("messagesLimit", details.get("messages_limit"));
		context.setVariable("link", link);
		context.setVariable("baseUrl", this.properties.publicBaseUrl());
		context.setVariable("linkLifetime", lifetime(this.properties.accessLinkTtl()));
		return new RenderedEmail(kind.subject(), this.text.process(kind.column(), context),
				this.html.process(kind.column(), context));
	}

	private static @Nullable String date(@Nullable String instant) {
		return (instant != null) ? DATE.format(Instant.parse(instant)) : null;
	}

	// XSEN_ACCESS_LINK_TTL in the largest whole unit that states it exactly: "7 days",
	// "36 hours", "90 minutes".
	static String lifetime(Duration ttl) {
		if (ttl.toSeconds() % 86_400 == 0) {
			return count(ttl.toDays(), "day");
		}
		if (ttl.toSeconds() % 3_600 == 0) {
			return count(ttl.toHours(), "hour");
		}
		if (ttl.toSeconds() % 60 == 0) {
			return count(ttl.toMinutes(), "minute");
		}
		return count(Math.max(ttl.toSeconds(), 1), "second");
	}

	private static String count(long amount, String unit) {
		return amount + " " + unit + ((amount == 1) ? "" : "s");
	}

	private static TemplateEngine engine(TemplateMode mode, String suffix) {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/email/");
		resolver.setSuffix(suffix);
		resolver.setTemplateMode(mode);
		resolver.setCharacterEncoding("UTF-8");
		TemplateEngine engine = new SpringTemplateEngine();
		engine.setTemplateResolver(resolver);
		return engine;
	}

	/** What one email says, in both parts. */
	record RenderedEmail(String subject, String text, String html) {
	}

}
