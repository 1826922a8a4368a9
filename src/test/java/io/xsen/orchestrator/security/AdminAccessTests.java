package io.xsen.orchestrator.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start log tells an operator without {@code ADMIN_API_KEY} that the console and the
 * operator API are off and how to turn them on.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminAccessTests {

	@Test
	void withoutAKeyTheStartLogSaysTheConsoleAndOperatorApiAreOff(CapturedOutput output) {
		new AdminAccess(new AdminProperties(""));

		assertThat(output).contains("operator console (/console) and operator API (/admin) are off")
			.contains("ADMIN_API_KEY is not set");
	}

	@Test
	void withAKeyTheStartLogSaysNothingAboutIt(CapturedOutput output) {
		new AdminAccess(new AdminProperties("k".repeat(40)));

		assertThat(output).doesNotContain("are off");
	}

}
