package io.xsen.orchestrator.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * A loopback TCP proxy a test can cut, black-hole, silence and restore, to take the
 * database away from the service mid-run, loudly (connections reset) or silently (packets
 * dropped for good, as a NAT or proxy that timed out the connection does, or held until
 * the network returns, as in a partition).
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final ServerSocket server;

	private final List<Socket> open = new CopyOnWriteArrayList<>();

	// Connections whose bytes the network drops, for good: they never carry anything
	// again.
	private final Set<Socket> silenced = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	private volatile boolean blackHoled;

	private final Object sound = new Object();

	private volatile boolean silent;

	public TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** Drops every open connection and refuses new ones until {@link #restore()}. */
	public void cut() {
		this.cut = true;
		speak();
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
		this.open.clear();
		this.silenced.clear();
	}

	/**
	 * Silently drops every byte of the open connections, for good, and of new ones until
	 * {@link #restore()}, closing none of them: the peers see no reset, only silence.
	 */
	public void blackHole() {
		this.blackHoled = true;
		this.silenced.addAll(this.open);
	}

	/**
	 * Stops carrying bytes in both directions, on the open connections and on new ones,
	 * closing none of them, until {@link #restore()} carries on with what was held: a
	 * network partition, which neither peer is told about.
	 */
	public void silence() {
		this.silent = true;
	}

	public void restore() {
		this.cut = false;
		this.blackHoled = false;
		speak();
	}

	private void speak() {
		synchronized (this.sound) {
			this.silent = false;
			this.sound.notifyAll();
		}
	}

	// Holds the bytes just read, and reads no more, while the network is silent.
	private void awaitSound() throws IOException {
		synchronized (this.sound) {
			while (this.silent) {
				try {
					this.sound.wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException("Interrupted while silent", ex);
				}
			}
		}
	}

	private void acceptLoop() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (this.cut) {
					closeQuietly(client);
					continue;
				}
				if (this.blackHoled) {
					this.open.add(client);
					this.silenced.add(client);
					pipe(client, null);
					continue;
				}
				Socket upstream = new Socket(this.targetHost, this.targetPort);
				this.open.add(client);
				this.open.add(upstream);
				pipe(client, upstream);
				pipe(upstream, client);
			}
			catch (IOException ex) {
				// Accept fails once the proxy closes; a failed upstream connect drops
				// just that client.
			}
		}
	}

	private void pipe(Socket from, @Nullable Socket to) {
		Thread thread = new Thread(() -> {
			try (InputStream in = from.getInputStream()) {
				byte[] buffer = new byte[8192];
				int read;
				while ((read = in.read(buffer)) != -1) {
					awaitSound();
					if (to != null && !this.silenced.contains(from)) {
						OutputStream out = to.getOutputStream();
						out.write(buffer, 0, read);
						out.flush();
					}
				}
				// A peer's close crosses the network too, once it carries anything.
				awaitSound();
			}
			catch (IOException ex) {
				// A cut or a closed peer ends the pipe.
			}
			finally {
				closeQuietly(from);
				if (to != null) {
					closeQuietly(to);
				}
			}
		}, "tcp-proxy-pipe");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
	}

	@Override
	public void close() throws IOException {
		cut();
		this.server.close();
	}

}
