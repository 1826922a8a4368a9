package io.xsen.orchestrator.webhook;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/**
 * One verified Stripe event in the inbox: what arrived, whether it was applied, and what
 * went wrong if not.
 */
@Entity
@Table(name = "stripe_events")
class StripeEventRecord {

	@Id
	private String id;

	private String type;

	private @Nullable Instant created;

	private @Nullable String apiVersion;

	private boolean livemode;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(columnDefinition = "json")
	private String payload;

	private String status;

	private Instant receivedAt;

	private @Nullable Instant processedAt;

	private int attempts;

	private @Nullable String lastError;

	protected StripeEventRecord() {
		this.id = "";
		this.type = "";
		this.payload = "";
		this.status = "";
		this.receivedAt = Instant.EPOCH;
	}

	String getId() {
		return this.id;
	}

	String getType() {
		return this.type;
	}

	@Nullable Instant getCreated() {
		return this.created;
	}

	@Nullable String getApiVersion() {
		return this.apiVersion;
	}

	boolean isLivemode() {
		return this.livemode;
	}

	String getPayload() {
		return this.payload;
	}

	String getStatus() {
		return this.status;
	}

	Instant getReceivedAt() {
		return this.receivedAt;
	}

	@Nullable Instant getProcessedAt() {
		return this.processedAt;
	}

	int getAttempts() {
		return this.attempts;
	}

	@Nullable String getLastError() {
		return this.lastError;
	}

}
