package io.xsen.orchestrator.email;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What an email is about: its subject, its templates ({@code templates/email/<kind>.html}
 * and {@code .txt}) and which link it carries.
 */
enum EmailKind {

	ACCESS("Welcome to XSEN: your access link", LinkPurpose.ACCESS),

	ACCESS_LINK("Your XSEN access link", LinkPurpose.ACCESS),

	SUSPENDED("Your XSEN access is suspended: please update your payment", LinkPurpose.BILLING),

	ENDING("Your XSEN subscription is ending", null),

	ENDED("Your XSEN subscription has ended", null),

	QUOTA_80("You have used 80% of your XSEN messages", LinkPurpose.BILLING),

	QUOTA_100("You have used all your XSEN messages for this period", LinkPurpose.BILLING);

	private final String subject;

	private final @Nullable LinkPurpose link;

	EmailKind(String subject, @Nullable LinkPurpose link) {
		this.subject = subject;
		this.link = link;
	}

	static Optional<EmailKind> of(String column) {
		return Arrays.stream(values()).filter(kind -> kind.column().equals(column)).findFirst();
	}

	String column() {
		return name().toLowerCase(Locale.ROOT);
	}

	String subject() {
		return this.subject;
	}

	/** The link the email carries, made when it is sent; {@code null} for none. */
	@Nullable LinkPurpose link() {
		return this.link;
	}

}
