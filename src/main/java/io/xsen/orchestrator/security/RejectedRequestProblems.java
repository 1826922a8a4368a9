package io.xsen.orchestrator.security;

import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.stereotype.Component;

/**
 * Answers requests Spring Security's firewall rejects: a bearer token carrying bytes no
 * token has (non-ASCII, controls) is a malformed token, refused 401 {@code invalid_token}
 * like any other; such an {@code Idempotency-Key} is a 400
 * {@code invalid_idempotency_key}, as the customer API answers any key it cannot take;
 * every other rejection is a 400 {@code invalid_request} problem. All carry the security
 * chain's headers, though the chain never ran.
 */
@Component
class RejectedRequestProblems implements RequestRejectedHandler {

	private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final AccessProblems problems;

	private final ObjectProvider<SecurityFilterChain> chains;

	RejectedRequestProblems(AccessProblems problems, ObjectProvider<SecurityFilterChain> chains) {
		this.problems = problems;
		this.chains = chains;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
			throws IOException, ServletException {
		withSecurityHeaders(request, response,
				(headed, withHeaders) -> answer(request, (HttpServletResponse) withHeaders));
	}

	private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
		for (String authorization : Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION))) {
			if (!isVisibleAscii(authorization)) {
				this.problems.commence(request, response, new InvalidBearerTokenException("The token is malformed"));
				return;
			}
		}
		for (String key : Collections.list(request.getHeaders(IDEMPOTENCY_KEY))) {
			if (!isVisibleAscii(key)) {
				this.problems.idempotencyKeyInvalid(request, response);
				return;
			}
		}
		this.problems.rejected(request, response);
	}

	// The header writers of the chain that would have served the request (the console's
	// or the API's), so these answers cannot drift from the others.
	private void withSecurityHeaders(HttpServletRequest request, HttpServletResponse response, FilterChain answer)
			throws IOException, ServletException {
		for (SecurityFilterChain chain : this.chains.orderedStream().filter(chain -> chain.matches(request)).toList()) {
			for (Filter filter : chain.getFilters()) {
				if (filter instanceof HeaderWriterFilter headers) {
					headers.doFilter(request, response, answer);
					return;
				}
			}
		}
		answer.doFilter(request, response);
	}

	private static boolean isVisibleAscii(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				return false;
			}
		}
		return true;
	}

}
