package io.xsen.orchestrator.support;

import io.xsen.orchestrator.XsenApplication;
import io.xsen.orchestrator.config.DatabaseUrl;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A second running XSEN, on its own random port, sharing the test database and the Stripe
 * API fake with the one the test context starts: two instances behind one load balancer.
 *
 * <p>
 * Started once per test run when first asked for, with a pool of five connections so the
 * shared PostgreSQL is not crowded, and closed when the JVM exits.
 */
public final class SecondInstance {

	private static ConfigurableApplicationContext context;

	private SecondInstance() {
	}

	public static synchronized ConfigurableApplicationContext context() {
		if (context == null) {
			DatabaseUrl database = TestDatabase.get();
			context = new SpringApplicationBuilder(XsenApplication.class).profiles("test")
				.run("--server.port=0", "--spring.datasource.url=" + database.jdbcUrl(),
						"--spring.datasource.username=" + database.username(),
						"--spring.datasource.password=" + database.password(),
						"--spring.datasource.hikari.maximum-pool-size=5", "--spring.datasource.hikari.minimum-idle=1",
						"--xsen.stripe.api-base=" + StripeApiFake.baseUrl());
		}
		return context;
	}

	public static int port() {
		return context().getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	public static RestTestClient client() {
		return RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port()).build();
	}

}
