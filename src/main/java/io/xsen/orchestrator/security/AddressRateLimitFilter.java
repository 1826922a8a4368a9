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
 * Counts every post to a public endpoint that asks Stripe something (a token claim, a
 * checkout link) against its client address and answers 429 {@code rate_limited} with
 * {@code Retry-After} once the address is over its limit, before Stripe is asked
 * anything.
 */
class AddressRateLimitFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(AddressRateLimitFilter.class);

	private final RateWindows windows;

	private final RateWindows.Limit limit;

	private final String what;

	/**
	 * @param what the requests counted, as the refusal names them ("token claims")
	 */
	AddressRateLimitFilter(RateWindows windows, RateWindows.Limit limit, String what) {
		this.windows = windows;
		this.limit = limit;
		this.what = what;
	}

	/** A limit per client address and minute, kept apart from others by its name. */
	static RateWindows.Limit perMinute(String name, int requests) {
		return new RateWindows.Limit(name, Duration.ofMinutes(1), requests);
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
			logger.debug("{} from {} refused: over the per-minute limit", this.what, address);
			response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfter));
			Problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
					"Too many " + this.what + " from this address; retry in " + retryAfter + " s");
			return;
		}
		chain.doFilter(request, response);
	}

}
