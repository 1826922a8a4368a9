package io.xsen.orchestrator.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xsen.orchestrator.ProblemException;
import io.xsen.orchestrator.billing.StripeOutageDetail;
import io.xsen.orchestrator.billing.StripeObjectUnreadable;
import io.xsen.orchestrator.billing.StripeRequestRejected;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives Stripe's webhook deliveries: verifies the raw body, records the event, applies
 * it once.
 */
@Tag(name = "Webhooks")
@RestController
@StripeOutageDetail("The Stripe API could not be reached; Stripe will redeliver")
class StripeWebhookController {

	private static final Logger logger = LoggerFactory.getLogger(StripeWebhookController.class);

	private final WebhookSignatureVerifier verifier;

	private final StripeEventReader reader;

	private final EventIngestion ingestion;

	private final WebhookMetrics metrics;

	private final long maxPayloadBytes;

	StripeWebhookController(WebhookSignatureVerifier verifier, StripeEventReader reader, EventIngestion ingestion,
			WebhookMetrics metrics, WebhookProperties properties) {
		this.verifier = verifier;
		this.reader = reader;
		this.ingestion = ingestion;
		this.metrics = metrics;
		this.maxPayloadBytes = properties.maxPayloadSize().toBytes();
	}

	@Operation(operationId = "receiveStripeEvent", summary = "Receive a Stripe event signed with the endpoint's secret")
	@PostMapping("/webhooks/stripe")
	WebhookReceipt receive(@RequestHeader(name = "Stripe-Signature", required = false) @Nullable String signature,
			HttpServletRequest request) throws IOException {
		long started = System.nanoTime();
		VerifiedEvent event;
		try {
			String payload = readBody(request);
			this.verifier.verify(payload, signature);
			event = this.reader.read(payload);
		}
		catch (RuntimeException ex) {
			// Anyone on the internet can send these: counted in metrics (type
			// "unverified", outcome "rejected"), logged at DEBUG only.
			this.metrics.rejected();
			logger.debug("Webhook refused: {}", ex.getMessage());
			throw ex;
		}
		WebhookOutcome outcome;
		try {
			outcome = this.ingestion.receive(event);
		}
		catch (RuntimeException ex) {
			long elapsed = System.nanoTime() - started;
			this.metrics.failed(event.type(), elapsed);
			logger.warn("Stripe event {} type={} outcome=failed duration={}ms", event.id(), event.type(),
					elapsed / 1_000_000);
			throw ex;
		}
		long elapsed = System.nanoTime() - started;
		this.metrics.processed(event.type(), outcome, elapsed);
		logger.info("Stripe event {} type={} outcome={} duration={}ms", event.id(), event.type(), outcome.label(),
				elapsed / 1_000_000);
		return new WebhookReceipt(true, event.id(), outcome.label());
	}

	// Stripe retries what it is not told is final: this event will never apply as sent.
	@ExceptionHandler({ StripeObjectUnreadable.class, StripeRequestRejected.class })
	ErrorResponse eventUnprocessable(RuntimeException ex) {
		// The cause in one line; the stack trace, repeated with each redelivery, at
		// DEBUG.
		logger.warn("Webhook event could not be applied: {}",
				NestedExceptionUtils.buildMessage(ex.getMessage(), ex.getCause()));
		logger.debug("Webhook event could not be applied", ex);
		ProblemException problem = new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "unprocessable_event",
				ex.getMessage(), ex);
		problem.setTitle("Event could not be applied");
		return problem;
	}

	// The signature covers the exact bytes Stripe sent, so the body is read raw, never
	// bound or re-serialised.
	private String readBody(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > this.maxPayloadBytes) {
			throw new WebhookPayloadTooLarge(this.maxPayloadBytes);
		}
		try (InputStream body = request.getInputStream()) {
			byte[] bytes = body.readNBytes(Math.toIntExact(this.maxPayloadBytes + 1));
			if (bytes.length > this.maxPayloadBytes) {
				throw new WebhookPayloadTooLarge(this.maxPayloadBytes);
			}
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

	/**
	 * The answer Stripe gets for a delivery it may stop retrying.
	 */
	record WebhookReceipt(boolean received, String eventId, String outcome) {
	}

}
