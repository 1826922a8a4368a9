package io.xsen.orchestrator.usage;

/**
 * Reads an {@code Idempotency-Key} header by one rule for every endpoint that honours it:
 * Stripe's style (a bare value) and the IETF draft's (a quoted string) both count.
 */
public final class IdempotencyKeyHeader {

	public static final String NAME = "Idempotency-Key";

	private static final int MAX_LENGTH = 255;

	private IdempotencyKeyHeader() {
	}

	/**
	 * The key the header carries.
	 * @throws io.xsen.orchestrator.ProblemException 400 {@code invalid_idempotency_key}
	 * when it is empty, longer than 255 characters or not printable ASCII
	 */
	public static String value(String header) {
		String key = header.trim();
		if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
			key = key.substring(1, key.length() - 1);
		}
		if (key.isEmpty() || key.length() > MAX_LENGTH || key.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
			throw new IdempotencyKeyInvalid(MAX_LENGTH);
		}
		return key;
	}

}
