package io.xsen.orchestrator.config;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LogFormatEnvironmentPostProcessorTests {

	private final LogFormatEnvironmentPostProcessor processor = new LogFormatEnvironmentPostProcessor();

	@Test
	void jsonSwitchesTheConsoleToStructuredLogstashLines() {
		MockEnvironment environment = new MockEnvironment().withProperty("LOG_FORMAT", "json");

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
	}

	@Test
	void unsetOrTextKeepsPlainLines() {
		MockEnvironment unset = new MockEnvironment();
		MockEnvironment text = new MockEnvironment().withProperty("LOG_FORMAT", "text");

		this.processor.postProcessEnvironment(unset, new SpringApplication());
		this.processor.postProcessEnvironment(text, new SpringApplication());

		assertThat(unset.getProperty("logging.structured.format.console")).isNull();
		assertThat(text.getProperty("logging.structured.format.console")).isNull();
	}

	@Test
	void anyOtherValueStopsStartupNamingTheVariable() {
		MockEnvironment environment = new MockEnvironment().withProperty("LOG_FORMAT", "xml");

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.processor.postProcessEnvironment(environment, new SpringApplication()))
			.withMessageContaining("LOG_FORMAT");
	}

}
