package io.xsen.orchestrator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.stereotype.Repository;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the capability packages a staircase: no cycles, no reaching into another
 * package's internals, and each table's rows and SQL kept by the package that owns it.
 */
class ModularityTests {

	private static final ApplicationModules modules = ApplicationModules.of(XsenApplication.class);

	private static final Path MAIN_SOURCES = Path.of("src/main/java/io/xsen/orchestrator");

	@Test
	void capabilityPackagesDependOneWayOnly() {
		modules.verify();
	}

	@Test
	void everyCapabilityIsAModule() {
		assertThat(modules.stream().map(module -> module.getIdentifier().toString())).containsExactlyInAnyOrder("api",
				"security", "token", "subscription", "webhook", "billing", "ops", "config", "cli", "usage", "email",
				"catalog", "console", "checkout");
	}

	@Test
	void rowAccessIsNotPartOfAPackagesPublicFace() {
		classes().that()
			.areAnnotatedWith(Repository.class)
			.should()
			.notBePublic()
			.check(new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
				.importPackagesOf(XsenApplication.class));
	}

	@Test
	void onlyTheSubscriptionPackageWritesSqlAgainstSubscriptions() throws IOException {
		Pattern sql = Pattern.compile("(?i)\\b(from|join|update|into)\\s+subscriptions\\b");
		try (Stream<Path> sources = Files.walk(MAIN_SOURCES)) {
			List<Path> writers = sources.filter(source -> source.toString().endsWith(".java"))
				.filter(source -> !source.startsWith(MAIN_SOURCES.resolve("subscription")))
				.filter(source -> sql.matcher(read(source)).find())
				.toList();
			assertThat(writers).isEmpty();
		}
	}

	private static String read(Path source) {
		try {
			return Files.readString(source);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
