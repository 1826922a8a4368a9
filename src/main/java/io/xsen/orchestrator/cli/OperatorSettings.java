package io.xsen.orchestrator.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

/**
 * The settings a command run beside the service reads the way the service does: the
 * environment first, then {@code .env} in the working directory.
 */
final class OperatorSettings {

	private final Map<String, String> environment;

	private final Properties envFile;

	private OperatorSettings(Map<String, String> environment, Properties envFile) {
		this.environment = environment;
		this.envFile = envFile;
	}

	static OperatorSettings load(Path envFile) {
		Properties properties = new Properties();
		if (Files.isRegularFile(envFile)) {
			// The service reads .env as a properties file too.
			try (Reader reader = Files.newBufferedReader(envFile, StandardCharsets.UTF_8)) {
				properties.load(reader);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not read " + envFile, ex);
			}
		}
		return new OperatorSettings(System.getenv(), properties);
	}

	/**
	 * The setting's value, or {@code null} when it is unset or blank.
	 */
	@Nullable String get(String name) {
		String value = this.environment.get(name);
		if (value == null || value.isBlank()) {
			value = this.envFile.getProperty(name);
		}
		return (value != null && !value.isBlank()) ? value.trim() : null;
	}

	/**
	 * The first of a comma-separated setting's values.
	 */
	@Nullable String first(String name) {
		String value = get(name);
		return (value != null) ? value.split(",")[0].trim() : null;
	}

}
