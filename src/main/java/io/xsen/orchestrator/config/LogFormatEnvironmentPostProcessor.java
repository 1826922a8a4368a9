package io.xsen.orchestrator.config;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code LOG_FORMAT=json} switches the console to Spring Boot's structured logging, one
 * JSON object a line in the Logstash shape (top-level {@code level} and {@code message},
 * which Railway reads); {@code text} or unset keeps plain lines.
 */
class LogFormatEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String format = environment.getProperty("LOG_FORMAT", "text").trim();
		switch (format) {
			case "json" -> environment.getPropertySources()
				.addFirst(new MapPropertySource("xsenLogFormat",
						Map.of("logging.structured.format.console", "logstash")));
			case "text", "" -> {
			}
			default -> throw new SettingInvalid("LOG_FORMAT", format, "json or text");
		}
	}

	@Override
	public int getOrder() {
		// After config data, so that LOG_FORMAT from a .env file counts too.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
