package io.xsen.orchestrator.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends HTTP/1.1 requests byte for byte over a plain socket, so a test can send header
 * values no HTTP client library would let through (control bytes, raw UTF-8, repeated
 * headers).
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * A {@code GET} with one {@code Authorization} header per value, each written as the
	 * given bytes.
	 */
	public static Response get(int port, String path, List<byte[]> authorizations) {
		return get(port, path, authorizations.stream().map(value -> Map.entry("Authorization", value)).toList());
	}

	/**
	 * A {@code GET} with these headers, in this order, each value written as the given
	 * bytes.
	 */
	public static Response get(int port, String path, Collection<Map.Entry<String, byte[]>> headers) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(10_000);
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			request.writeBytes(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			for (Map.Entry<String, byte[]> header : headers) {
				request.writeBytes((header.getKey() + ": ").getBytes(StandardCharsets.US_ASCII));
				request.writeBytes(header.getValue());
				request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			request.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			OutputStream out = socket.getOutputStream();
			out.write(request.toByteArray());
			out.flush();
			return parse(socket.getInputStream().readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Response parse(byte[] raw) {
		String text = new String(raw, StandardCharsets.ISO_8859_1);
		int headEnd = text.indexOf("\r\n\r\n");
		if (headEnd < 0) {
			return new Response(-1, Map.of(), text);
		}
		List<String> lines = List.of(text.substring(0, headEnd).split("\r\n"));
		int status = Integer.parseInt(lines.get(0).split(" ")[1]);
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			int colon = line.indexOf(':');
			headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
				.add(line.substring(colon + 1).trim());
		}
		byte[] body = text.substring(headEnd + 4).getBytes(StandardCharsets.ISO_8859_1);
		if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
			body = dechunk(body);
		}
		return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] dechunk(byte[] chunked) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		String text = new String(chunked, StandardCharsets.ISO_8859_1);
		int at = 0;
		while (at < text.length()) {
			int lineEnd = text.indexOf("\r\n", at);
			int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
			if (size == 0) {
				break;
			}
			body.writeBytes(text.substring(lineEnd + 2, lineEnd + 2 + size).getBytes(StandardCharsets.ISO_8859_1));
			at = lineEnd + 2 + size + 2;
		}
		return body.toByteArray();
	}

	/**
	 * What came back: the status ({@code -1} when the server closed without an answer),
	 * headers by lower-case name, and the body as text.
	 */
	public record Response(int status, Map<String, List<String>> headers, String body) {

		public String header(String name) {
			List<String> values = this.headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
			return values.isEmpty() ? null : values.get(0);
		}

	}

}
