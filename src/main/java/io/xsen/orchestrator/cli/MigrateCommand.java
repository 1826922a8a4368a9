package io.xsen.orchestrator.cli;

import java.sql.SQLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code migrate}: applies the Flyway migrations to {@code DATABASE_URL} and exits, 0 on
 * success and 1 on failure, for Railway's pre-deploy step and {@code bin/xsen migrate}.
 *
 * <p>
 * It starts only the datasource and Flyway, so it needs no Stripe settings, and it
 * migrates even where {@code XSEN_MIGRATE_ON_START=false}.
 */
final class MigrateCommand {

	private static final Logger logger = LoggerFactory.getLogger(MigrateCommand.class);

	private MigrateCommand() {
	}

	static int run(String... args) {
		String[] arguments = new String[args.length + 1];
		System.arraycopy(args, 0, arguments, 0, args.length);
		// Command-line arguments outrank XSEN_MIGRATE_ON_START, which maps to this
		// setting.
		arguments[args.length] = "--spring.flyway.enabled=true";
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Migration.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(arguments)) {
			logger.info("Database migrations are up to date");
			return 0;
		}
		catch (RuntimeException ex) {
			logger.error("Database migration failed: {}", cause(ex));
			return 1;
		}
	}

	// The driver's message says most (host, port, user); the rest of the chain is logged
	// above.
	private static String cause(Throwable ex) {
		Throwable cause = ex;
		Throwable reported = ex;
		while (cause != null) {
			if (cause instanceof SQLException || cause.getCause() == null) {
				reported = cause;
			}
			cause = cause.getCause();
		}
		return reported.getMessage();
	}

	/**
	 * The migration's whole application: a datasource and Flyway, nothing the service
	 * itself needs.
	 */
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class })
	static class Migration {

	}

}
