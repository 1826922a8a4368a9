package io.xsen.orchestrator.config;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import io.xsen.orchestrator.Problems;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * Answers what Tomcat refuses before the application sees it (an encoded NUL in the path,
 * a malformed request line, control bytes in a header) as an RFC 9457 problem instead of
 * Tomcat's HTML page.
 */
class ProblemErrorReportValve extends ErrorReportValve {

	ProblemErrorReportValve() {
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, @Nullable Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean();
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		boolean keyRejected = status == 400 && rejectedIdempotencyKey(throwable);
		String code = keyRejected ? "invalid_idempotency_key" : (status == 400) ? "invalid_request" : "http_" + status;
		String detail = keyRejected ? "Idempotency-Key must be 1 to 255 printable ASCII characters"
				: "The request could not be read";
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("utf-8");
			response.setHeader("X-Content-Type-Options", "nosniff");
			Writer writer = response.getReporter();
			if (writer != null) {
				// No instance: the path is what Tomcat could not read.
				writer.write(Problems.json(Problems.of(HttpStatusCode.valueOf(status), code, detail), null));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response already started; nothing left to say.
		}
	}

	// Tomcat refuses a header line with control bytes before anything reads it, and
	// names the line in its message (whatever the language): a key refused so gets the
	// customer API's answer to any key it cannot take.
	private static boolean rejectedIdempotencyKey(@Nullable Throwable throwable) {
		return throwable instanceof IllegalArgumentException && throwable.getMessage() != null
				&& throwable.getMessage().toLowerCase(Locale.ROOT).contains("[idempotency-key:");
	}

}
