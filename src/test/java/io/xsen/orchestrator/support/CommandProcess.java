package io.xsen.orchestrator.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the jar's entry point in its own JVM, as an operator would, with piped input and
 * the given environment, and reports its exit status and output.
 */
public final class CommandProcess {

	private static final String ENTRY_POINT = "io.xsen.orchestrator.cli.XsenCommandLine";

	private CommandProcess() {
	}

	public static Result run(Path workingDirectory, Map<String, String> environment, String input, String... args)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						System.getProperty("java.class.path"), ENTRY_POINT));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
			.redirectErrorStream(true);
		// Only what the test gives: no DATABASE_URL or Stripe key from the developer's
		// shell.
		builder.environment()
			.keySet()
			.removeIf(name -> name.startsWith("STRIPE_") || name.startsWith("DATABASE_") || name.startsWith("XSEN_")
					|| name.equals("LOG_FORMAT") || name.equals("PORT"));
		// The service's own INFO logging, as an operator sees it, not the test suite's
		// WARN.
		builder.environment().put("LOGGING_LEVEL_ROOT", "INFO");
		builder.environment().putAll(environment);
		Process process = builder.start();
		try (OutputStream stdin = process.getOutputStream()) {
			stdin.write(input.getBytes(StandardCharsets.UTF_8));
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(2, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("Command " + List.of(args) + " did not finish:\n" + output);
		}
		return new Result(process.exitValue(), output);
	}

	/**
	 * What the command left behind: its exit status and everything it printed.
	 */
	public record Result(int exitStatus, String output) {
	}

}
