package io.xsen.orchestrator.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiFunction;

import io.xsen.orchestrator.config.DatabaseUrl;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionException;

/**
 * {@code setup}: asks for each setting, checks it as it is typed, and writes
 * {@code .env}; secrets are never echoed. Reads piped input the same way, so it can be
 * scripted.
 *
 * <p>
 * Each check accepts what the service's configuration properties accept: the same
 * patterns, Spring's own duration conversion and the same bounds.
 */
final class SetupWizard {

	static final String LOCAL_DATABASE = "postgresql://postgres:postgres@localhost:5432/xsen";

	private final Terminal terminal;

	private final Path envFile;

	private final List<Setting> settings = List.of(
			new Setting("STRIPE_SECRET_KEY", "Stripe secret key (sk_test_... or sk_live_...)", true, null,
					(value, answers) -> value.matches("(sk|rk)_(test|live)_\\S+") ? null
							: "That is not a Stripe secret key: it starts with sk_test_ or sk_live_."),
			new Setting("STRIPE_WEBHOOK_SECRET", "Webhook signing secret(s), comma-separated (whsec_...)", true, null,
					(value, answers) -> elements(value).stream().allMatch(s -> s.matches("whsec_\\S+")) ? null
							: "Each webhook signing secret starts with whsec_ (separate several with commas)."),
			new Setting("STRIPE_PRICE_BASIC",
					"Stripe price id(s) for the basic tier, comma-separated (price_...), Enter to take tiers from "
							+ "Stripe's product metadata",
					false, "", SetupWizard::checkPrices),
			new Setting("STRIPE_PRICE_PREMIUM",
					"Stripe price id(s) for the premium tier, comma-separated (price_...), Enter to take tiers from "
							+ "Stripe's product metadata",
					false, "", SetupWizard::checkPrices),
			new Setting("DATABASE_URL", "PostgreSQL URL, Enter for " + LOCAL_DATABASE, true, "",
					(value, answers) -> checkDatabase(value.isEmpty() ? LOCAL_DATABASE : value)),
			new Setting("PORT", "HTTP port, Enter for 8080", false, "",
					(value, answers) -> checkNumber(value, 1, 65535)),
			new Setting("DATABASE_POOL_SIZE", "Database connections to keep open, Enter for 20", false, "",
					(value, answers) -> checkNumber(value, 1, 1000)),
			new Setting("STRIPE_API_BASE", "Stripe API base URL, Enter for Stripe itself", false, "",
					(value, answers) -> value.isEmpty() || value.matches("https?://\\S+") ? null
							: "The Stripe API base is an http:// or https:// URL."),
			new Setting("XSEN_MIGRATE_ON_START", "Apply database migrations at startup (true/false), Enter for true",
					false, "",
					(value, answers) -> value.isEmpty() || value.equals("true") || value.equals("false") ? null
							: "Answer true or false."),
			new Setting("LOG_FORMAT", "Log format (text/json), Enter for text", false, "",
					(value, answers) -> value.isEmpty() || value.equals("text") || value.equals("json") ? null
							: "Answer text or json."),
			new Setting("ADMIN_API_KEY", "Operator key for /admin and metrics, Enter to leave them off", true, "",
					(value, answers) -> value.isEmpty() || value.matches("[A-Za-z0-9._~+/-]+=*") ? null
							: "The admin key may hold only letters, digits and -._~+/ (openssl rand -hex 32 makes one)."),
			new Setting("XSEN_TOKEN_TTL", "Token lifetime (e.g. 30d), Enter for 30d", false, "",
					(value, answers) -> checkDuration(value, false)),
			new Setting("XSEN_CLAIM_WINDOW", "How long after checkout a token may be claimed, Enter for 24h", false, "",
					(value, answers) -> checkDuration(value, false)),
			new Setting("XSEN_PAST_DUE_GRACE", "How long past_due keeps access, Enter for 0 (none)", false, "",
					(value, answers) -> checkDuration(value, true)),
			new Setting("CORS_ALLOWED_ORIGINS", "Browser origins allowed to call /api, comma-separated, Enter for none",
					false, "",
					(value, answers) -> list(value).stream().allMatch(o -> o.matches("https?://[^\\s/,]+")) ? null
							: "Each origin is http:// or https:// and a host, without a path."),
			new Setting("PORTAL_RETURN_URL", "Where Stripe's billing portal sends customers back, Enter for none",
					false, "", (value, answers) -> value.isEmpty() || value.matches("https?://\\S+") ? null
							: "The return URL is an http:// or https:// URL."));

	SetupWizard(Terminal terminal, Path envFile) {
		this.terminal = terminal;
		this.envFile = envFile;
	}

	static SetupWizard fromSystem() {
		Console console = System.console();
		Terminal terminal = (console != null) ? new ConsoleTerminal(console) : new StreamTerminal(
				new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out);
		return new SetupWizard(terminal, Path.of(".env"));
	}

	/**
	 * Runs the wizard.
	 * @return the exit status: 0 when {@code .env} was written or deliberately kept, 1
	 * when input ended before every setting was answered
	 */
	int run() {
		this.terminal.println("XSEN Orchestrator setup: writes " + this.envFile.toAbsolutePath().normalize());
		if (Files.exists(this.envFile)) {
			String answer = this.terminal.readLine(this.envFile.getFileName() + " exists. Overwrite it? [y/N] ");
			if (answer == null) {
				this.terminal.println("No answer; " + this.envFile.getFileName() + " left unchanged.");
				return 1;
			}
			if (!answer.trim().equalsIgnoreCase("y") && !answer.trim().equalsIgnoreCase("yes")) {
				this.terminal.println(this.envFile.getFileName() + " left unchanged.");
				return 0;
			}
		}
		Map<String, String> answers = new LinkedHashMap<>();
		for (Setting setting : this.settings) {
			String value = ask(setting, answers);
			if (value == null && setting.defaultValue() != null) {
				// Piped answers may stop once the required settings are given: the rest
				// keep their defaults.
				break;
			}
			if (value == null) {
				this.terminal.println("Input ended before " + setting.name() + " was set; " + this.envFile.getFileName()
						+ " not written.");
				return 1;
			}
			if (!value.isEmpty()) {
				answers.put(setting.name(), value);
			}
		}
		write(answers);
		this.terminal.println("Wrote " + this.envFile.getFileName() + " with " + answers.size()
				+ " settings. Next: bin/xsen migrate, then bin/xsen run.");
		return 0;
	}

	private @Nullable String ask(Setting setting, Map<String, String> answers) {
		while (true) {
			String prompt = setting.name() + " - " + setting.question() + ": ";
			String answer = setting.secret() ? this.terminal.readSecret(prompt) : this.terminal.readLine(prompt);
			if (answer == null) {
				return null;
			}
			String value = answer.trim();
			if (value.isEmpty() && setting.defaultValue() == null) {
				this.terminal.println("  " + setting.name() + " is required.");
				continue;
			}
			String problem = setting.check().apply(value, answers);
			if (problem == null) {
				return value;
			}
			// The problem names the expected form, never the value: it may be a secret.
			this.terminal.println("  " + problem);
		}
	}

	private static @Nullable String checkDuration(String value, boolean zeroAllowed) {
		if (value.isEmpty()) {
			return null;
		}
		Duration duration;
		try {
			// The conversion the service binds its durations with.
			duration = ApplicationConversionService.getSharedInstance().convert(value, Duration.class);
		}
		catch (ConversionException ex) {
			duration = null;
		}
		if (duration == null) {
			return "A duration is a number with ms, s, m, h or d (for example 30d or 24h).";
		}
		if (duration.isNegative() || (duration.isZero() && !zeroAllowed)) {
			return zeroAllowed ? "The duration must not be negative (0 means none)."
					: "The duration must be more than zero.";
		}
		return null;
	}

	// None is an answer: Stripe's catalog then defines the tiers.
	private static @Nullable String checkPrices(String value, Map<String, String> answers) {
		List<String> prices = list(value);
		if (value.isBlank()) {
			return null;
		}
		if (prices.isEmpty() || !prices.stream().allMatch(p -> p.startsWith("price_") || p.startsWith("plan_"))) {
			return "Each Stripe price id starts with price_ (separate several with commas).";
		}
		Set<String> basic = new HashSet<>(list(answers.getOrDefault("STRIPE_PRICE_BASIC", "")));
		return prices.stream().anyMatch(basic::contains) ? "A price can buy only one tier; basic already has it."
				: null;
	}

	private static @Nullable String checkNumber(String value, int min, int max) {
		if (value.isEmpty()) {
			return null;
		}
		try {
			int number = Integer.parseInt(value);
			return (number >= min && number <= max) ? null : "Enter a number from " + min + " to " + max + ".";
		}
		catch (NumberFormatException ex) {
			return "Enter a number from " + min + " to " + max + ".";
		}
	}

	private static @Nullable String checkDatabase(String url) {
		DatabaseUrl database;
		try {
			database = DatabaseUrl.parse(url);
		}
		catch (IllegalArgumentException ex) {
			return "That is not a PostgreSQL URL: use postgresql://user:password@host:port/database.";
		}
		Properties credentials = new Properties();
		if (database.username() != null) {
			credentials.setProperty("user", database.username());
		}
		if (database.password() != null) {
			credentials.setProperty("password", database.password());
		}
		credentials.setProperty("connectTimeout", "5");
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), credentials)) {
			return connection.isValid(5) ? null : "PostgreSQL did not answer; check the URL and try again.";
		}
		catch (SQLException ex) {
			// The driver's message names host, port and user, never the password.
			return "Could not connect to PostgreSQL: " + ex.getMessage();
		}
	}

	private static List<String> list(String value) {
		return elements(value).stream().filter(s -> !s.isEmpty()).toList();
	}

	/** Every comma-separated element, trimmed, empty ones too: as Spring binds a list. */
	private static List<String> elements(String value) {
		return Arrays.stream(value.split(",", -1)).map(String::trim).toList();
	}

	private void write(Map<String, String> answers) {
		StringBuilder content = new StringBuilder(
				"# Written by bin/xsen setup. Every setting is explained in .env.example.\n");
		// Spring reads .env as a properties file, where a backslash escapes.
		answers.forEach(
				(name, value) -> content.append(name).append('=').append(value.replace("\\", "\\\\")).append('\n'));
		try {
			Path temporary = Files.createTempFile(this.envFile.toAbsolutePath().getParent(), ".env", ".tmp");
			if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
				// It holds secrets: readable by its owner only.
				Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
			}
			Files.writeString(temporary, content, StandardCharsets.UTF_8);
			Files.move(temporary, this.envFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + this.envFile, ex);
		}
	}

	/**
	 * One question: the variable it sets, whether it is secret, its default (empty: leave
	 * unset; {@code null}: required) and how its answer is checked.
	 */
	private record Setting(String name, String question, boolean secret, @Nullable String defaultValue,
			BiFunction<String, Map<String, String>, @Nullable String> check) {
	}

	/**
	 * Where the wizard asks and hears: a console, or plain streams when input is piped.
	 */
	interface Terminal {

		/** The next answer, or {@code null} when input has ended. */
		@Nullable String readLine(String prompt);

		/** The next answer, not echoed where a console can hide it. */
		@Nullable String readSecret(String prompt);

		void println(String line);

	}

	/**
	 * An interactive console: secrets are read without echo.
	 */
	record ConsoleTerminal(Console console) implements Terminal {

		@Override
		public @Nullable String readLine(String prompt) {
			return this.console.readLine("%s", prompt);
		}

		@Override
		public @Nullable String readSecret(String prompt) {
			char[] secret = this.console.readPassword("%s", prompt);
			return (secret != null) ? new String(secret) : null;
		}

		@Override
		public void println(String line) {
			this.console.printf("%s%n", line);
		}

	}

	/**
	 * Piped input: answers are read line by line and never written back out.
	 */
	record StreamTerminal(BufferedReader in, PrintStream out) implements Terminal {

		@Override
		public @Nullable String readLine(String prompt) {
			this.out.print(prompt);
			this.out.flush();
			try {
				String line = this.in.readLine();
				this.out.println();
				return line;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public @Nullable String readSecret(String prompt) {
			return readLine(prompt);
		}

		@Override
		public void println(String line) {
			this.out.println(line);
		}

	}

}
