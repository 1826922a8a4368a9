package io.xsen.orchestrator.token;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.xsen.orchestrator.config.DatabaseUrl;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on PostgreSQL's {@code xsen_access_changes} channel (fed by triggers on tokens
 * and subscriptions) and tells the token cache which customers changed, whichever
 * instance or tool made the change, and that the channel is still alive.
 *
 * <p>
 * The listener has a connection of its own, outside the pool. A heartbeat round trip on
 * it reads the notifications that arrived and proves nothing is lost in between; a
 * connection the network silently drops shows as a heartbeat that does not come back, and
 * the cache stops trusting its entries even before that is noticed.
 */
@Component
class AccessChangeListener implements SmartLifecycle {

	static final String CHANNEL = "xsen_access_changes";

	private static final String APPLICATION_NAME = "xsen-access-changes";

	private static final Logger logger = LoggerFactory.getLogger(AccessChangeListener.class);

	// Notifications are read at least this often, well inside the one second a revocation
	// may take, and each read renews the cache's trust.
	private static final long HEARTBEAT_MILLIS = 250;

	// A heartbeat this late means the connection is gone, even without a reset.
	private static final int HEARTBEAT_TIMEOUT_MILLIS = 1500;

	private static final String CONNECT_TIMEOUT_SECONDS = "2";

	private static final long RECONNECT_MILLIS = 1000;

	private final String jdbcUrl;

	private final Properties connectionProperties;

	private final TokenLookupCache cache;

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	AccessChangeListener(JdbcConnectionDetails datasource, TokenCacheProperties properties, TokenLookupCache cache) {
		String listenUrl = properties.listenUrlOrDefault();
		DatabaseUrl url = (listenUrl != null) ? DatabaseUrl.parse(listenUrl)
				: new DatabaseUrl(datasource.getJdbcUrl(), datasource.getUsername(), datasource.getPassword());
		this.jdbcUrl = url.jdbcUrl();
		// Credentials missing from the listen URL are the datasource's.
		this.connectionProperties = connectionProperties(
				(url.username() != null) ? url.username() : datasource.getUsername(),
				(url.username() != null) ? url.password() : datasource.getPassword());
		this.cache = cache;
	}

	@Override
	public void start() {
		if (!this.cache.isEnabled()) {
			return;
		}
		this.running = true;
		Thread listener = new Thread(this::listen, "xsen-access-changes");
		listener.setDaemon(true);
		listener.start();
		this.thread = listener;
	}

	@Override
	public void stop() {
		this.running = false;
		Thread listener = this.thread;
		if (listener != null) {
			listener.interrupt();
		}
		this.cache.deaf();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		boolean lost = false;
		while (this.running) {
			try (Connection connection = DriverManager.getConnection(this.jdbcUrl, this.connectionProperties);
					Statement statement = connection.createStatement()) {
				connection.setNetworkTimeout(Runnable::run, HEARTBEAT_TIMEOUT_MILLIS);
				long sentAt = System.nanoTime();
				statement.execute("LISTEN " + CHANNEL);
				this.cache.listening(sentAt);
				if (lost) {
					logger.info("Access change notifications resumed, token cache on");
					lost = false;
				}
				PGConnection postgres = connection.unwrap(PGConnection.class);
				while (this.running && pause(HEARTBEAT_MILLIS)) {
					sentAt = System.nanoTime();
					statement.execute("SELECT 1");
					PGNotification[] notifications = postgres.getNotifications();
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							this.cache.customerChanged(notification.getParameter());
						}
					}
					this.cache.alive(sentAt);
					this.cache.forgetOldStamps();
				}
			}
			catch (SQLException | RuntimeException ex) {
				this.cache.deaf();
				if (this.running) {
					if (!lost) {
						logger.warn("Access change notifications interrupted, token cache off until they resume: {}",
								ex.getMessage());
					}
					else {
						logger.debug("Access change notifications still interrupted: {}", ex.getMessage());
					}
					lost = true;
					pause(RECONNECT_MILLIS);
				}
			}
		}
	}

	private static boolean pause(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static Properties connectionProperties(@Nullable String username, @Nullable String password) {
		Properties properties = new Properties();
		if (username != null) {
			properties.setProperty("user", username);
		}
		if (password != null) {
			properties.setProperty("password", password);
		}
		properties.setProperty("ApplicationName", APPLICATION_NAME);
		// A network that swallows the connection attempt fails it instead of hanging.
		properties.setProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
		properties.setProperty("socketTimeout", CONNECT_TIMEOUT_SECONDS);
		return properties;
	}

}
