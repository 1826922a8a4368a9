package io.xsen.orchestrator.ops;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health}: the plain answer Railway's health check and operators read, from
 * Actuator's database check.
 */
@Tag(name = "Health")
@RestController
class HealthController {

	private final HealthEndpoint healthEndpoint;

	HealthController(HealthEndpoint healthEndpoint) {
		this.healthEndpoint = healthEndpoint;
	}

	@Operation(operationId = "getHealth", summary = "Check that the service and its database are up")
	@GetMapping("/health")
	ResponseEntity<HealthReport> health() {
		HealthDescriptor database = this.healthEndpoint.healthForPath("db");
		if (database != null && Status.UP.equals(database.getStatus())) {
			return ResponseEntity.ok(new HealthReport("healthy", "connected"));
		}
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.body(new HealthReport("unhealthy", "disconnected"));
	}

	record HealthReport(String status, String database) {
	}

}
