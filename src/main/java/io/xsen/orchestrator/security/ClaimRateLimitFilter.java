package io.xsen.orchestrator.security;

import java.io.IOException;
import java.time.Duration;

import io.xsen.orchestrator.Outages;
import io.xsen.orchestrator.Problems;
import io.xsen.orchestrator.RateWindows;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every token claim against its client address and answers 429
 * {@code rate_limited} with {@code Retry-After} once the address is over its limit,
 * before Stripe is asked anything.
 */
class ClaimRateLimitFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(ClaimRateLimitFilter.class);

	private final RateWindows windows;

	private final RateWindows.Limit limit;

	ClaimRateLimitFilter(RateWindows windows, ClaimProperties properties) {
		this.windows = windows;
		this.limit = new RateWindows.Limit("claim", Duration.ofMinutes(1), properties.ratePerMinute());
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HttpMethod.POST.matches(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// Behind a trusted proxy, the address the proxy saw (Tomcat's RemoteIpValve).
		String address = request.getRemoteAddr();
		int retryAfter;
		try {
			retryAfter = this.windows.count(this.limit, address);
		}
		catch (DataAccessException ex) {
			if (!Outages.isDatabaseOutage(ex)) {
				throw ex;
			}
			logger.warn("Database unavailable: {}", ex.getMessage());
			response.setHeader(HttpHeaders.RETRY_AFTER, Outages.RETRY_AFTER_SECONDS);
			Problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "database_unavailable",
					"The database could not be reached; retry shortly");
			return;
		}
		if (retryAfter > 0) {
			logger.debug("Token claim from {} refused: over the per-minute limit", address);
			response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfter));
			Problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
					"Too many token claims from this address; retry in " + retryAfter + " s");
			return;
		}
		chain.doFilter(request, response);
	}

}
