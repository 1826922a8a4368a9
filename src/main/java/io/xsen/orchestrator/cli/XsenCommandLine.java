package io.xsen.orchestrator.cli;

import java.util.Arrays;

import io.xsen.orchestrator.XsenApplication;

/**
 * The jar's entry point: {@code migrate}, {@code setup}, {@code demo} and {@code smoke}
 * run an operator command and exit with its status; anything else starts the service.
 */
public final class XsenCommandLine {

	private XsenCommandLine() {
	}

	public static void main(String[] args) {
		String command = (args.length > 0) ? args[0] : "";
		String[] rest = (args.length > 0) ? Arrays.copyOfRange(args, 1, args.length) : args;
		switch (command) {
			case "migrate" -> System.exit(MigrateCommand.run(rest));
			case "setup" -> System.exit(SetupWizard.fromSystem().run());
			case "demo" -> System.exit(DemoCommand.run(rest));
			case "smoke" -> System.exit(SmokeCommand.run(rest));
			default -> XsenApplication.main(args);
		}
	}

}
