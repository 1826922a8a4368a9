package io.xsen.orchestrator.access;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on PostgreSQL's {@code xsen_access_changes} channel (fed by triggers on tokens
 * and subscriptions) and tells the token cache which customers changed, whichever
 * instance or tool made the change.
 */
@Component
class AccessChangeListener implements SmartLifecycle {

	static final String CHANNEL = "xsen_access_changes";

	private static final Logger logger = LoggerFactory.getLogger(AccessChangeListener.class);

	// Notifications are read at least this often, well inside the one second a revocation
	// may take.
	private static final int POLL_MILLIS = 250;

	private static final long RECONNECT_MILLIS = 1000;

	private final DataSource dataSource;

	private final TokenLookupCache cache;

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	AccessChangeListener(DataSource dataSource, TokenLookupCache cache) {
		this.dataSource = dataSource;
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
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				if (!connection.getAutoCommit()) {
					connection.commit();
				}
				PGConnection postgres = connection.unwrap(PGConnection.class);
				this.cache.listening();
				while (this.running) {
					PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							this.cache.customerChanged(notification.getParameter());
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				this.cache.deaf();
				if (this.running) {
					logger.warn("Access change notifications interrupted, token cache off until they resume: {}",
							ex.getMessage());
					pause();
				}
			}
		}
	}

	private void pause() {
		try {
			Thread.sleep(RECONNECT_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
