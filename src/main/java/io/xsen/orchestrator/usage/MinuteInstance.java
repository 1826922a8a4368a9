package io.xsen.orchestrator.usage;

import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * This instance's name in the minutes it claims a share of: new at every start.
 */
@Component
class MinuteInstance {

	private final String id = UUID.randomUUID().toString();

	String id() {
		return this.id;
	}

}
