package io.xsen.orchestrator.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Writes the RFC 9457 problem a servlet filter or the security chain answers with, shaped
 * like the controllers' problems.
 */
@Component
class FilterProblems {

	private final JsonMapper json;

	FilterProblems(JsonMapper json) {
		this.json = json;
	}

	void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code, String detail)
			throws IOException {
		write(request, response, status, code, detail, Map.of());
	}

	/**
	 * The problem with {@code extra} members after {@code code}.
	 */
	void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code, String detail,
			Map<String, @Nullable Object> extra) throws IOException {
		Map<String, @Nullable Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		problem.put("code", code);
		problem.putAll(extra);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
