package io.xsen.orchestrator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Builds every RFC 9457 problem XSEN answers with, in one shape: type, title, status,
 * detail, instance, a stable {@code code}, then what the failure adds. Controllers answer
 * with the {@link ProblemDetail}; servlet filters, the security chain and Tomcat's error
 * valve, which Spring MVC does not reach, write the same problem as JSON.
 */
public final class Problems {

	private static final String CODE = "code";

	private Problems() {
	}

	/** The problem with its stable {@code code}, for Spring MVC to render. */
	public static ProblemDetail of(HttpStatusCode status, String code, @Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setProperty(CODE, code);
		return problem;
	}

	/**
	 * Answers with the problem and {@code extra} members after {@code code}, outside
	 * Spring MVC.
	 */
	public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status,
			String code, String detail, Map<String, @Nullable Object> extra) throws IOException {
		ProblemDetail problem = of(status, code, detail);
		extra.forEach(problem::setProperty);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(json(problem, request.getRequestURI()).getBytes(StandardCharsets.UTF_8));
	}

	public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status,
			String code, String detail) throws IOException {
		write(request, response, status, code, detail, Map.of());
	}

	/**
	 * The problem as JSON text. The instance is the path as the request sent it, which
	 * need not parse as a URI (the firewall's rejections), or {@code null} where not even
	 * that can be trusted.
	 */
	public static String json(ProblemDetail problem, @Nullable String instance) {
		Map<String, @Nullable Object> members = new LinkedHashMap<>();
		members.put("type", (problem.getType() != null) ? problem.getType().toString() : "about:blank");
		members.put("title", (problem.getTitle() != null) ? problem.getTitle() : "Error");
		members.put("status", problem.getStatus());
		if (problem.getDetail() != null) {
			members.put("detail", problem.getDetail());
		}
		if (instance != null) {
			members.put("instance", instance);
		}
		if (problem.getProperties() != null) {
			members.putAll(problem.getProperties());
		}
		return JsonMapper.shared().writeValueAsString(members);
	}

}
