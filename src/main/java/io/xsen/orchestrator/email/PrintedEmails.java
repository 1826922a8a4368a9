package io.xsen.orchestrator.email;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

/**
 * The emails this instance printed instead of sending (local development without SMTP),
 * kept in memory for an hour so that {@code bin/xsen demo} can show one and follow its
 * link from another process. Never written to the database: the printed text holds a
 * link's code, which the database keeps only hashed.
 */
@Component
class PrintedEmails {

	private static final Duration KEPT_FOR = Duration.ofHours(1);

	private static final int MAXIMUM = 200;

	private final Cache<Long, PrintedEmail> printed = Caffeine.newBuilder()
		.expireAfterWrite(KEPT_FOR)
		.maximumSize(MAXIMUM)
		.build();

	void add(PrintedEmail email) {
		this.printed.put(email.id(), email);
	}

	Optional<PrintedEmail> find(long id) {
		return Optional.ofNullable(this.printed.getIfPresent(id));
	}

	/** An email as it was printed: to whom, its subject and its plain-text part. */
	record PrintedEmail(long id, String recipient, String subject, String text) {
	}

}
