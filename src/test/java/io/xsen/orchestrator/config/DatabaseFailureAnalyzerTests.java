package io.xsen.orchestrator.config;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start the database refuses tells the operator the driver's reason, where XSEN looked,
 * and what to change for each kind of refusal.
 */
class DatabaseFailureAnalyzerTests {

	private final MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url",
			"jdbc:postgresql://db.internal:5432/xsen?user=xsen&password=s3cret");

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			3D000 | FATAL: database "xsen" does not exist           | Create it
			08001 | Connection to db.internal:5432 refused.        | Start PostgreSQL, or correct the host and port
			28P01 | FATAL: password authentication failed for user | Correct the user and password
			""")
	void eachRefusalSaysWhatToChange(String state, String reason, String action) {
		BeanCreationException failure = new BeanCreationException("flywayInitializer", "Unable to obtain connection",
				new SQLException(reason, state));

		FailureAnalysis analysis = new DatabaseFailureAnalyzer(this.environment).analyze(failure);

		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).isEqualTo(
				"XSEN could not use the database at jdbc:postgresql://db.internal:5432/xsen?user=xsen&password=***: "
						+ reason);
		assertThat(analysis.getAction()).startsWith(action);
	}

	@Test
	void aFailureWithoutTheDatabaseIsLeftToOthers() {
		assertThat(new DatabaseFailureAnalyzer(this.environment).analyze(new IllegalStateException("other"))).isNull();
	}

}
