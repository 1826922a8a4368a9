package io.xsen.orchestrator.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) that every instance in the test run sends its emails to,
 * one per run on a free port, which a test may stop and start again on the same port to
 * play an SMTP outage.
 */
public final class MailServer {

	private static GreenMail server;

	private static int port;

	private MailServer() {
	}

	public static synchronized int port() {
		if (server == null) {
			start(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
			port = server.getSmtp().getPort();
			Runtime.getRuntime().addShutdownHook(new Thread(MailServer::stop));
		}
		return port;
	}

	/** The emails received since the last {@link #reset()}. */
	public static MimeMessage[] received() {
		port();
		return server.getReceivedMessages();
	}

	/** A server that is up and has received nothing. */
	public static synchronized void reset() {
		port();
		stop();
		up();
	}

	/** Stops accepting connections, as an SMTP server that is down. */
	public static synchronized void down() {
		port();
		stop();
	}

	public static synchronized void up() {
		start(new ServerSetup(port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
	}

	private static void start(ServerSetup setup) {
		server = new GreenMail(setup);
		server.start();
	}

	private static synchronized void stop() {
		if (server != null && server.isRunning()) {
			server.stop();
		}
	}

}
