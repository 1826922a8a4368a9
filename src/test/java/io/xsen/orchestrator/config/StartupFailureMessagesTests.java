package io.xsen.orchestrator.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.xsen.orchestrator.support.CommandProcess;
import io.xsen.orchestrator.support.CommandProcess.Result;
import io.xsen.orchestrator.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator whose service will not start reads why in one line, with the variable, its
 * value and what it takes, or the database's refusal and what to do, and no stack trace.
 */
class StartupFailureMessagesTests {

	@TempDir
	Path workingDirectory;

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					XSEN_TOKEN_TTL | 30days                     | XSEN_TOKEN_TTL=30days is not valid: use a duration such as 30d, 720h or 15m.
					PORT           | abc                        | PORT=abc is not valid: use a port number such as 8080.
					DATABASE_URL   | postgresql//xsen:secret@db | DATABASE_URL=postgresql//xsen:***@db is not valid: use postgresql://user:password@host:port/database
					LOG_FORMAT     | xml                        | LOG_FORMAT=xml is not valid: use json or text.
					""")
	void aValueTheServiceCannotReadIsNamedWithTheFormItTakes(String variable, String value, String line)
			throws Exception {
		Map<String, String> environment = startableEnvironment();
		environment.put(variable, value);

		Result start = CommandProcess.run(this.workingDirectory, environment, "");

		assertThat(start.exitStatus()).isEqualTo(1);
		assertThat(start.output()).contains(line)
			.contains("Correct " + variable + " in the environment or in .env.")
			.doesNotContain("secret")
			.doesNotContainPattern("\\n\\s+at [a-z]");
	}

	@Test
	void aDatabaseThatDoesNotExistIsNamedWithWhatToDo() throws Exception {
		Map<String, String> environment = startableEnvironment();
		String server = TestDatabase.railwayUrl(TestDatabase.get());
		environment.put("DATABASE_URL", server.substring(0, server.lastIndexOf('/')) + "/xsen_never_created");
		environment.put("XSEN_MIGRATE_ON_START", "true");

		Result start = CommandProcess.run(this.workingDirectory, environment, "");

		assertThat(start.exitStatus()).isEqualTo(1);
		assertThat(start.output()).contains("XSEN could not use the database at jdbc:postgresql://")
			.contains("database \"xsen_never_created\" does not exist")
			.contains("or point DATABASE_URL at a database that exists")
			.doesNotContainPattern("\\n\\s+at [a-z]")
			.doesNotContain("Caused by");
	}

	// Everything the service needs, so that only the value under test stops it; the
	// migrations are left alone.
	private static Map<String, String> startableEnvironment() {
		Map<String, String> environment = new HashMap<>(Map.of("STRIPE_SECRET_KEY", "sk_test_startup_failure",
				"STRIPE_WEBHOOK_SECRET", "whsec_startup_failure", "STRIPE_PRICE_BASIC", "price_basic_monthly",
				"STRIPE_PRICE_PREMIUM", "price_premium_monthly", "PORT", "0", "XSEN_MIGRATE_ON_START", "false"));
		environment.put("DATABASE_URL", TestDatabase.railwayUrl(TestDatabase.get()));
		return environment;
	}

}
