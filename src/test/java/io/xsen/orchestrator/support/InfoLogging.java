package io.xsen.orchestrator.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Logs at INFO, as the service does for an operator, during one test of a suite that
 * otherwise logs at WARN: for tests that assert on what is, or is never, logged.
 *
 * <p>
 * Set per test rather than by a context property, because levels are global to the JVM
 * and a cached context would not set them again.
 */
public final class InfoLogging implements BeforeEachCallback, AfterEachCallback {

	private static final String ROOT = LoggingSystem.ROOT_LOGGER_NAME;

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(InfoLogging.class);

	@Override
	public void beforeEach(ExtensionContext context) {
		LoggingSystem logging = LoggingSystem.get(InfoLogging.class.getClassLoader());
		LoggerConfiguration root = logging.getLoggerConfiguration(ROOT);
		context.getStore(NAMESPACE).put(ROOT, (root != null) ? root.getEffectiveLevel() : LogLevel.WARN);
		logging.setLogLevel(ROOT, LogLevel.INFO);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		LogLevel before = context.getStore(NAMESPACE).get(ROOT, LogLevel.class);
		LoggingSystem.get(InfoLogging.class.getClassLoader()).setLogLevel(ROOT, before);
	}

}
