package io.xsen.orchestrator.ops;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * A constant answer outside security and the database, on only when {@code bench/run}
 * starts the service with {@code XSEN_BENCH_STACK_CEILING=true}: what Tomcat and Spring
 * MVC alone serve on the machine, the ceiling the chat path is measured against.
 */
@Hidden
@RestController
@ConditionalOnBooleanProperty("xsen.bench.stack-ceiling")
class StackCeilingController {

	static final String PATH = "/bench/ceiling";

	private static final Map<String, Boolean> ANSWER = Map.of("ok", true);

	@Bean
	static WebSecurityCustomizer stackCeilingOutsideSecurity() {
		return web -> web.ignoring().requestMatchers(PATH);
	}

	@GetMapping(PATH)
	Map<String, Boolean> ceiling() {
		return ANSWER;
	}

}
