package io.xsen.orchestrator.token;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Runs the token cleanup every {@code XSEN_TOKEN_CLEANUP_INTERVAL}, the first time one
 * interval after start.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class TokenCleanupSchedule implements SchedulingConfigurer {

	private final TokenCleanup cleanup;

	private final TokenProperties properties;

	TokenCleanupSchedule(TokenCleanup cleanup, TokenProperties properties) {
		this.cleanup = cleanup;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this.cleanup::run, this.properties.cleanupInterval(),
				this.properties.cleanupInterval()));
	}

}
