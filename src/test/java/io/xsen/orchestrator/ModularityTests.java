package io.xsen.orchestrator;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * Keeps the capability packages a staircase: no cycles, and no reaching into another
 * package's internals.
 */
class ModularityTests {

	@Test
	void capabilityPackagesDependOneWayOnly() {
		ApplicationModules.of(XsenApplication.class).verify();
	}

}
