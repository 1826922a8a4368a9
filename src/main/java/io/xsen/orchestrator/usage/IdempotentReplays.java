package io.xsen.orchestrator.usage;

import java.io.IOException;
import java.util.UUID;

import io.xsen.orchestrator.security.ApiCustomer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Answers a customer's request whose {@code Idempotency-Key} they already sent in the
 * last 24 hours with the first answer, running and spending nothing
 * (draft-ietf-httpapi-idempotency-key-header, and Stripe's rules): the first request with
 * a key claims it, and stores its answer if it was served.
 */
class IdempotentReplays extends OncePerRequestFilter {

	static final String IDEMPOTENCY_KEY = IdempotencyKeyHeader.NAME;

	static final String REPLAYED = "Idempotent-Replayed";

	private static final Logger logger = LoggerFactory.getLogger(IdempotentReplays.class);

	// A claim released between a request's claim and its look at the holder is claimed
	// again; a key claimed and released over and over is busy.
	private static final int CLAIM_ATTEMPTS = 3;

	private final IdempotencyKeys keys;

	private final HandlerExceptionResolver problems;

	IdempotentReplays(IdempotencyKeys keys, HandlerExceptionResolver problems) {
		this.keys = keys;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(IDEMPOTENCY_KEY);
		ApiCustomer customer = (header != null) ? customer() : null;
		if (header == null || customer == null) {
			chain.doFilter(request, response);
			return;
		}
		String key;
		UUID claim;
		try {
			key = IdempotencyKeyHeader.value(header);
			claim = claimOrReplay(customer.customerId(), key, request, response);
		}
		catch (RuntimeException ex) {
			// Answered as the endpoints answer the same failures: a problem, or 503 while
			// PostgreSQL cannot be reached.
			if (this.problems.resolveException(request, response, null, ex) == null) {
				throw ex;
			}
			return;
		}
		if (claim != null) {
			serve(customer.customerId(), key, claim, request, response, chain);
		}
	}

	/**
	 * Claims the key for this request, or answers it: with the stored answer when the
	 * key's first request was served on the same method and path.
	 * @return the claim when this request is to be served, {@code null} when it was
	 * answered
	 * @throws IdempotencyKeyReused when the key was sent with another method or path
	 * @throws IdempotencyKeyInUse while the key's first request is being served
	 */
	private @Nullable UUID claimOrReplay(String customerId, String key, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		String method = request.getMethod();
		// Decoded, as the endpoint is matched: /api/%63hat is /api/chat.
		String path = request.getServletPath();
		for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
			UUID claim = this.keys.claim(customerId, key, method, path);
			if (claim != null) {
				return claim;
			}
			IdempotencyKeys.Holder holder = this.keys.holder(customerId, key).orElse(null);
			if (holder == null) {
				continue;
			}
			if (holder.answer() == null) {
				throw new IdempotencyKeyInUse();
			}
			if (!holder.method().equals(method) || !holder.path().equals(path)) {
				throw new IdempotencyKeyReused(holder.method(), holder.path());
			}
			replay(holder.answer(), response);
			return null;
		}
		throw new IdempotencyKeyInUse();
	}

	/**
	 * Serves the request that claimed the key, recording its answer, and stores that
	 * answer if it was served; otherwise the claim is released, so that the key's next
	 * request is a new attempt.
	 */
	private void serve(String customerId, String key, UUID claim, HttpServletRequest request,
			HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
		ContentCachingResponseWrapper recording = new ContentCachingResponseWrapper(response);
		boolean served = false;
		try {
			chain.doFilter(request, recording);
			served = recording.getStatus() >= 200 && recording.getStatus() < 300;
		}
		finally {
			if (!served) {
				releaseQuietly(customerId, key, claim);
			}
		}
		if (served) {
			store(customerId, key, claim, recording);
		}
		recording.copyBodyToResponse();
	}

	private void store(String customerId, String key, UUID claim, ContentCachingResponseWrapper recording) {
		try {
			this.keys.complete(customerId, key, claim,
					new IdempotencyKeys.Answer(recording.getStatus(), recording.getContentType(),
							recording.getContentAsByteArray(), recording.getHeader(MeteringInterceptor.RATE_LIMIT),
							recording.getHeader(MeteringInterceptor.RATE_LIMIT_POLICY)));
		}
		catch (RuntimeException ex) {
			// The answer still goes out; a retry meets the claim, and after a minute is
			// served again.
			logger.warn("The answer to an Idempotency-Key could not be stored: {}", ex.toString());
		}
	}

	private void releaseQuietly(String customerId, String key, UUID claim) {
		try {
			this.keys.release(customerId, key, claim);
		}
		catch (RuntimeException ex) {
			// A retry meets the claim, and after a minute is a new attempt.
			logger.warn("The claim of a refused Idempotency-Key could not be released: {}", ex.toString());
		}
	}

	private static void replay(IdempotencyKeys.Answer answer, HttpServletResponse response) throws IOException {
		response.setStatus(answer.status());
		if (answer.contentType() != null) {
			response.setContentType(answer.contentType());
		}
		if (answer.rateLimitPolicy() != null) {
			response.setHeader(MeteringInterceptor.RATE_LIMIT_POLICY, answer.rateLimitPolicy());
		}
		if (answer.rateLimit() != null) {
			response.setHeader(MeteringInterceptor.RATE_LIMIT, answer.rateLimit());
		}
		response.setHeader(REPLAYED, "true");
		response.setContentLength(answer.body().length);
		response.getOutputStream().write(answer.body());
	}

	private static @Nullable ApiCustomer customer() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof ApiCustomer customer) ? customer
				: null;
	}

}
