package io.xsen.orchestrator.email;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The schedule that delivers the outbox and notices suspensions no webhook announces.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class EmailConfiguration implements SchedulingConfigurer {

	private final EmailSender sender;

	private final SuspensionScan suspensions;

	private final EmailProperties properties;

	EmailConfiguration(EmailSender sender, SuspensionScan suspensions, EmailProperties properties) {
		this.sender = sender;
		this.suspensions = suspensions;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this.sender::deliverDue, this.properties.pollInterval(),
				this.properties.pollInterval()));
		registrar.addFixedDelayTask(new FixedDelayTask(this.suspensions::run, this.properties.suspensionScanInterval(),
				this.properties.suspensionScanInterval()));
	}

}
