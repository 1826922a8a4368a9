package io.xsen.orchestrator.ops;

import io.xsen.orchestrator.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The benchmark's ceiling: with {@code xsen.bench.stack-ceiling} on, a constant answer
 * without a token; the setting is off in every deployment, where the path is the API's
 * like any other.
 */
class StackCeilingIntegrationTests {

	@IntegrationTest
	@TestPropertySource(properties = "xsen.bench.stack-ceiling=true")
	static class WhenTheBenchmarkTurnsItOn {

		@Autowired
		private RestTestClient client;

		@Test
		void theCeilingAnswersWithoutATokenOrTheDatabase() {
			this.client.get()
				.uri(StackCeilingController.PATH)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.json("{\"ok\": true}");
		}

	}

	@IntegrationTest
	static class InADeployment {

		@Autowired
		private RestTestClient client;

		@Test
		void theCeilingIsNotServedAndThePathNeedsAToken() {
			this.client.get().uri(StackCeilingController.PATH).exchange().expectStatus().isUnauthorized();
		}

	}

}
