package io.xsen.orchestrator.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every environment variable the service reads is listed in {@code .env.example}, in the
 * README's configuration table and in QUICKREF's variables table, and none of them names
 * a variable the service does not read.
 */
class DocumentedSettingsTests {

	// Variables of the tests and of bin/xsen (TEST_DATABASE_URL, XSEN_TEST_CHROMIUM) are
	// not read under src/main, so they are neither required nor allowed in these lists.
	// Variables the service reads but an operator never sets: Railway sets them on every
	// deployment, and XSEN_TRUST_PROXY's default follows them. The docs may name them;
	// they need not list them.
	private static final Pattern PLATFORM = Pattern.compile("RAILWAY_[A-Z0-9_]+");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

	// Read before Spring binds anything (the environment post-processors) or beside the
	// service (the operator commands read .env as the service does).
	private static final Pattern READ_IN_CODE = Pattern
		.compile("(?:getProperty|getenv|\\.get|\\.first)\\(\\s*\"([A-Z][A-Z0-9_]*)\"");

	private static final Pattern PLATFORM_LITERAL = Pattern.compile("\"(" + PLATFORM.pattern() + ")\"");

	// A line of .env.example that sets a variable, commented out or not.
	private static final Pattern ASSIGNMENT = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]*)=", Pattern.MULTILINE);

	private static final Pattern NAME_IN_BACKTICKS = Pattern.compile("`([A-Z][A-Z0-9_]*)`");

	@Test
	void dotEnvExampleListsExactlyTheVariablesTheServiceReads() {
		assertAgrees(".env.example", matches(ASSIGNMENT, read(".env.example")));
	}

	@Test
	void theReadmeConfigurationTableListsExactlyTheVariablesTheServiceReads() {
		assertAgrees("README.md's Configuration table", tableNames("README.md", "## Configuration"));
	}

	@Test
	void theQuickrefVariablesTableListsExactlyTheVariablesTheServiceReads() {
		assertAgrees("QUICKREF.md's Variables table", tableNames("QUICKREF.md", "## Variables"));
	}

	@Test
	void theServiceReadsTheVariablesTheDocsWereOnceMissing() {
		assertThat(serviceReads()).contains("DATABASE_CONNECT_TIMEOUT_MS", "XSEN_TOKEN_CLEANUP_INTERVAL", "PORT",
				"DATABASE_URL", "LOG_FORMAT", "ADMIN_API_KEY", "RAILWAY_ENVIRONMENT");
	}

	private static void assertAgrees(String document, Set<String> documented) {
		Set<String> reads = serviceReads();
		Set<String> missing = new TreeSet<>(reads);
		missing.removeIf(name -> PLATFORM.matcher(name).matches());
		missing.removeAll(documented);
		Set<String> notRead = new TreeSet<>(documented);
		notRead.removeAll(reads);
		assertThat(missing).as("variables the service reads that %s does not list", document).isEmpty();
		assertThat(notRead).as("variables %s lists that the service does not read", document).isEmpty();
	}

	/**
	 * The application.yml placeholders, the names read in code, and Railway's markers.
	 */
	private static Set<String> serviceReads() {
		Set<String> names = matches(PLACEHOLDER, read("src/main/resources/application.yml"));
		try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
			sources.filter(path -> path.toString().endsWith(".java"))
				.map(path -> read(path.toString()))
				.forEach(code -> {
					names.addAll(matches(READ_IN_CODE, code));
					names.addAll(matches(PLATFORM_LITERAL, code));
				});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return names;
	}

	// The names in the first column of the table under the heading, up to the next
	// heading.
	private static Set<String> tableNames(String file, String heading) {
		String text = read(file);
		int start = text.indexOf(heading + "\n");
		assertThat(start).as("%s has a section %s", file, heading).isNotNegative();
		int end = text.indexOf("\n## ", start + heading.length());
		String section = text.substring(start, (end < 0) ? text.length() : end);
		Set<String> names = new TreeSet<>();
		section.lines()
			.filter(line -> line.startsWith("| `"))
			.map(line -> line.substring(1, line.indexOf('|', 1)))
			.forEach(cell -> names.addAll(matches(NAME_IN_BACKTICKS, cell)));
		assertThat(names).as("%s's table under %s", file, heading).isNotEmpty();
		return names;
	}

	private static Set<String> matches(Pattern pattern, String text) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	private static String read(String path) {
		try {
			return Files.readString(Path.of(path));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
