package io.xsen.orchestrator.support;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.xsen.orchestrator.XsenApplication;
import io.xsen.orchestrator.config.DatabaseUrl;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A second running XSEN, on its own random port, sharing the test database, the Stripe
 * API fake and the SMTP server with the one the test context starts: two instances behind
 * one load balancer.
 *
 * <p>
 * Started once per test run when first asked for, with a pool of five connections so the
 * shared PostgreSQL is not crowded, and closed when the JVM exits. Its access change
 * notifications come through a proxy of their own, which a test may black-hole.
 */
public final class SecondInstance {

	private static ConfigurableApplicationContext context;

	private static TcpProxy notifications;

	private SecondInstance() {
	}

	public static synchronized ConfigurableApplicationContext context() {
		if (context == null) {
			DatabaseUrl database = TestDatabase.get();
			URI direct = URI.create(database.jdbcUrl().substring("jdbc:".length()));
			notifications = proxyTo(direct);
			context = start("--spring.datasource.hikari.maximum-pool-size=5",
					"--xsen.token-cache.listen-url=jdbc:postgresql://127.0.0.1:" + notifications.port()
							+ direct.getRawPath() + ((direct.getRawQuery() != null) ? "?" + direct.getRawQuery() : ""));
		}
		return context;
	}

	/**
	 * Starts another instance on the test database, the Stripe API fake and the SMTP
	 * server, with these settings on top; the caller closes it.
	 */
	public static ConfigurableApplicationContext start(String... settings) {
		DatabaseUrl database = TestDatabase.get();
		// One value per setting: Spring would join a repeated argument's values with
		// commas.
		Map<String, String> arguments = new LinkedHashMap<>();
		Stream
			.concat(Stream.of("--server.port=0", "--spring.datasource.url=" + database.jdbcUrl(),
					"--spring.datasource.username=" + database.username(),
					"--spring.datasource.password=" + database.password(), "--spring.datasource.hikari.minimum-idle=1",
					"--spring.datasource.hikari.maximum-pool-size=3",
					"--xsen.stripe.api-base=" + StripeApiFake.baseUrl(), "--xsen.smtp.host=127.0.0.1",
					"--xsen.smtp.port=" + MailServer.port(), "--xsen.smtp.starttls=false"), Stream.of(settings))
			.forEach(argument -> arguments.put(argument.substring(0, argument.indexOf('=')), argument));
		return new SpringApplicationBuilder(XsenApplication.class).profiles("test")
			.run(arguments.values().toArray(String[]::new));
	}

	/**
	 * A client of a started instance.
	 */
	public static RestTestClient client(ConfigurableApplicationContext instance) {
		return RestTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:"
					+ instance.getEnvironment().getRequiredProperty("local.server.port", Integer.class))
			.build();
	}

	/** The proxy between this instance's notification listener and PostgreSQL. */
	public static synchronized TcpProxy notifications() {
		context();
		return notifications;
	}

	public static int port() {
		return context().getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	public static RestTestClient client() {
		return client(context());
	}

	private static TcpProxy proxyTo(URI database) {
		try {
			return new TcpProxy(database.getHost(), (database.getPort() != -1) ? database.getPort() : 5432);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
