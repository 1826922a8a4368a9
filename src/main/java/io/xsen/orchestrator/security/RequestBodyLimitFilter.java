package io.xsen.orchestrator.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import io.xsen.orchestrator.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API request bodies over 16 KiB with 413 {@code payload_too_large} before
 * anything reads them, whether the size is declared or the body comes chunked.
 */
class RequestBodyLimitFilter extends OncePerRequestFilter {

	static final int MAX_BYTES = 16 * 1024;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > MAX_BYTES) {
			tooLarge(request, response);
			return;
		}
		// HTTP/1.1 without a length or a transfer coding has no body (RFC 9112, 6.3).
		boolean noBody = request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null
				&& request.getProtocol().startsWith("HTTP/1");
		if (declared >= 0 || noBody) {
			// The container reads no more than the declared length.
			chain.doFilter(request, response);
			return;
		}
		// Chunked: read at most one byte past the limit, and replay what was read.
		byte[] body = request.getInputStream().readNBytes(MAX_BYTES + 1);
		if (body.length > MAX_BYTES) {
			tooLarge(request, response);
			return;
		}
		chain.doFilter(new ReadBody(request, body), response);
	}

	private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
				"Request bodies on the API are limited to " + MAX_BYTES / 1024 + " KiB");
	}

	/**
	 * The request with its body already read into memory.
	 */
	private static final class ReadBody extends HttpServletRequestWrapper {

		private final byte[] body;

		ReadBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream bytes = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return bytes.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return bytes.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return bytes.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body is already read");
				}

			};
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
