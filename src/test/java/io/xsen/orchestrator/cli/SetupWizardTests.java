package io.xsen.orchestrator.cli;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import io.xsen.orchestrator.support.CommandProcess;
import io.xsen.orchestrator.support.CommandProcess.Result;
import io.xsen.orchestrator.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The setup wizard driven the way a script drives it: answers piped in, one a line.
 */
class SetupWizardTests {

	private static final String SECRET_KEY = "sk_test_51PgcWizardKey0000";

	private static final String ADMIN_KEY = "3f9c2a7d1e8b4c6a9f0e2d7c5b1a8e4f";

	private static final String WEBHOOK_SECRETS = "whsec_wizardDashboard01,whsec_wizardCli02";

	@TempDir
	Path directory;

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	@Test
	void writesEverySettingAnsweredAndLeavesOptionalOnesUnset() throws Exception {
		String database = TestDatabase.railwayUrl(TestDatabase.get());

		int status = wizard(lines(SECRET_KEY, WEBHOOK_SECRETS, "price_basic_monthly, price_basic_yearly",
				"price_premium_monthly", database, "9090", "", "", "false", "json"));

		assertThat(status).isZero();
		assertThat(env()).containsExactly("# Written by bin/xsen setup. Every setting is explained in .env.example.",
				"STRIPE_SECRET_KEY=" + SECRET_KEY, "STRIPE_WEBHOOK_SECRET=" + WEBHOOK_SECRETS,
				"STRIPE_PRICE_BASIC=price_basic_monthly, price_basic_yearly",
				"STRIPE_PRICE_PREMIUM=price_premium_monthly", "DATABASE_URL=" + database, "PORT=9090",
				"XSEN_MIGRATE_ON_START=false", "LOG_FORMAT=json");
		assertThat(Files.getPosixFilePermissions(envFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
	}

	@Test
	void reAsksAValueOfTheWrongFormWithoutEchoingSecrets() {
		int status = wizard(lines("pk_test_publishableNotSecret", "", SECRET_KEY, "whsec_ok,not_a_secret",
				WEBHOOK_SECRETS, "prod_basic", "price_basic_monthly", "price_basic_monthly", "price_premium_monthly",
				TestDatabase.railwayUrl(TestDatabase.get()), "99999", "8080", "0", "", "ftp://stripe", "", "maybe", "",
				"xml", ""));

		assertThat(status).isZero();
		assertThat(output())
			.contains("That is not a Stripe secret key", "STRIPE_SECRET_KEY is required",
					"Each webhook signing secret starts with whsec_", "Each Stripe price id starts with price_",
					"A price can buy only one tier", "Enter a number from 1 to 65535", "Enter a number from 1 to 1000",
					"http:// or https://", "Answer true or false", "Answer text or json")
			.doesNotContain(SECRET_KEY, "whsec_wizard", "pk_test_publishableNotSecret",
					TestDatabase.railwayUrl(TestDatabase.get()));
		assertThat(env()).contains("STRIPE_SECRET_KEY=" + SECRET_KEY, "STRIPE_PRICE_BASIC=price_basic_monthly",
				"PORT=8080");
	}

	@Test
	void asksForTheAccessSettingsTooAndChecksThem() {
		int status = wizard(lines(SECRET_KEY, WEBHOOK_SECRETS, "price_basic_monthly", "price_premium_monthly",
				TestDatabase.railwayUrl(TestDatabase.get()), "", "", "", "", "", "not a key!", ADMIN_KEY, "thirty days",
				"14d", "", "3d", "https://app.example.com/chat", "https://app.example.com", "portal",
				"https://example.com/account"));

		assertThat(status).isZero();
		assertThat(output())
			.contains("The admin key may hold only letters", "A duration is a number", "without a path",
					"The return URL is an http:// or https:// URL")
			.doesNotContain(ADMIN_KEY);
		assertThat(env())
			.contains("ADMIN_API_KEY=" + ADMIN_KEY, "XSEN_TOKEN_TTL=14d", "XSEN_PAST_DUE_GRACE=3d",
					"CORS_ALLOWED_ORIGINS=https://app.example.com", "PORTAL_RETURN_URL=https://example.com/account")
			.noneMatch(line -> line.startsWith("XSEN_CLAIM_WINDOW="));
	}

	@Test
	void acceptsWhatTheServiceAcceptsAndNothingElse() {
		int status = wizard(lines(SECRET_KEY, "whsec_wizardDashboard01,", WEBHOOK_SECRETS, "price_basic_monthly,",
				"price_premium_monthly", TestDatabase.railwayUrl(TestDatabase.get()), "", "", "", "", "", "k3y", "0",
				"-1d", "PT720H", "0s", "90m", "-1s", "0"));

		assertThat(status).isZero();
		assertThat(output())
			.contains("Each webhook signing secret starts with whsec_", "The duration must be more than zero",
					"The duration must not be negative")
			.doesNotContain("The admin key may hold only", "Each Stripe price id starts with price_");
		assertThat(env()).contains("STRIPE_WEBHOOK_SECRET=" + WEBHOOK_SECRETS,
				"STRIPE_PRICE_BASIC=price_basic_monthly,", "ADMIN_API_KEY=k3y", "XSEN_TOKEN_TTL=PT720H",
				"XSEN_CLAIM_WINDOW=90m", "XSEN_PAST_DUE_GRACE=0");
	}

	@Test
	void reAsksADatabaseItCannotConnectTo() {
		int status = wizard(lines(SECRET_KEY, WEBHOOK_SECRETS, "price_basic_monthly", "price_premium_monthly",
				"mysql://db.example/xsen", "postgresql://xsen:wrong@127.0.0.1:1/xsen",
				TestDatabase.railwayUrl(TestDatabase.get()), "", "", "", "", ""));

		assertThat(status).isZero();
		assertThat(output()).contains("That is not a PostgreSQL URL", "Could not connect to PostgreSQL")
			.doesNotContain(":wrong@");
	}

	@Test
	void asksBeforeOverwritingAndKeepsTheFileUnlessTold() throws Exception {
		Files.writeString(envFile(), "STRIPE_SECRET_KEY=sk_live_keepMe\n");

		int status = wizard(lines("n"));

		assertThat(status).isZero();
		assertThat(output()).contains(".env exists. Overwrite it? [y/N]", ".env left unchanged.");
		assertThat(Files.readString(envFile())).isEqualTo("STRIPE_SECRET_KEY=sk_live_keepMe\n");
	}

	@Test
	void overwritesWhenTheAnswerIsYes() throws Exception {
		Files.writeString(envFile(), "STRIPE_SECRET_KEY=sk_live_replaceMe\n");

		int status = wizard(lines("y", SECRET_KEY, WEBHOOK_SECRETS, "price_basic_monthly", "price_premium_monthly",
				TestDatabase.railwayUrl(TestDatabase.get()), "", "", "", "", ""));

		assertThat(status).isZero();
		assertThat(env()).contains("STRIPE_SECRET_KEY=" + SECRET_KEY).doesNotContain("sk_live_replaceMe");
	}

	@Test
	void inputThatEndsEarlyWritesNothingAndFails() {
		int status = wizard(lines(SECRET_KEY));

		assertThat(status).isOne();
		assertThat(output()).contains("Input ended before STRIPE_WEBHOOK_SECRET was set; .env not written.");
		assertThat(envFile()).doesNotExist();
	}

	@Test
	void thePackagedCommandReadsPipedInputToo() throws Exception {
		Result result = CommandProcess.run(
				this.directory, Map.of(), lines(SECRET_KEY, "whsec", WEBHOOK_SECRETS, "price_basic_monthly",
						"price_premium_monthly", TestDatabase.railwayUrl(TestDatabase.get()), "", "", "", "", ""),
				"setup");

		assertThat(result.exitStatus()).as(result.output()).isZero();
		assertThat(result.output()).contains("Each webhook signing secret starts with whsec_", "Wrote .env")
			.doesNotContain(SECRET_KEY);
		assertThat(env()).contains("STRIPE_WEBHOOK_SECRET=" + WEBHOOK_SECRETS);
	}

	private int wizard(String input) {
		SetupWizard.Terminal terminal = new SetupWizard.StreamTerminal(new BufferedReader(new StringReader(input)),
				new PrintStream(this.output, true, StandardCharsets.UTF_8));
		return new SetupWizard(terminal, envFile()).run();
	}

	private Path envFile() {
		return this.directory.resolve(".env");
	}

	private List<String> env() {
		try {
			return Files.readAllLines(envFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String output() {
		return this.output.toString(StandardCharsets.UTF_8);
	}

	private static String lines(String... answers) {
		return String.join("\n", answers) + "\n";
	}

}
