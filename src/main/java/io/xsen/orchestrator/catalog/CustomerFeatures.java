package io.xsen.orchestrator.catalog;

import java.sql.Array;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each customer's active Stripe Entitlements features, by lookup key, kept in event
 * order: a summary older than the stored one changes nothing.
 */
@Service
public class CustomerFeatures {

	private final JdbcClient jdbc;

	CustomerFeatures(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores the customer's features as a summary event or a read showed them, when newer
	 * than the stored ones.
	 * @param settlesTie whether the list was read from Stripe, which wins one of its
	 * second
	 * @return how the list stood against the stored one
	 */
	@Transactional
	public StripeCatalog.Standing record(String customerId, List<String> features, Instant created, String source,
			boolean settlesTie) {
		Optional<Stamped> stored = this.jdbc.sql("""
				SELECT state_created, last_source FROM customer_entitlements
				WHERE stripe_customer_id = :customer FOR UPDATE
				""")
			.param("customer", customerId)
			.query((rs, row) -> new Stamped(rs.getObject("state_created", OffsetDateTime.class).toInstant(),
					rs.getString("last_source")))
			.optional();
		StripeCatalog.Standing standing = stored.map(stamp -> standing(stamp, created, source, settlesTie))
			.orElse(StripeCatalog.Standing.NEWER);
		if (standing == StripeCatalog.Standing.NEWER) {
			this.jdbc.sql("""
					INSERT INTO customer_entitlements (stripe_customer_id, features, state_created, last_source)
					VALUES (:customer, :features, :created, :source)
					ON CONFLICT (stripe_customer_id) DO UPDATE
					SET features = excluded.features, state_created = excluded.state_created,
					    last_source = excluded.last_source, updated_at = now()
					""")
				.param("customer", customerId)
				.param("features", features.stream().distinct().sorted().toArray(String[]::new))
				.param("created", created.atOffset(ZoneOffset.UTC))
				.param("source", source)
				.update();
		}
		return standing;
	}

	/**
	 * Whether a summary of {@code created} from {@code source} shares its second with the
	 * stored one, so only Stripe can say which is current.
	 */
	@Transactional(readOnly = true)
	public boolean tiedWith(String customerId, Instant created, String source) {
		return this.jdbc.sql("""
				SELECT state_created, last_source FROM customer_entitlements WHERE stripe_customer_id = :customer
				""")
			.param("customer", customerId)
			.query((rs, row) -> new Stamped(rs.getObject("state_created", OffsetDateTime.class).toInstant(),
					rs.getString("last_source")))
			.optional()
			.map(stamp -> standing(stamp, created, source, false) == StripeCatalog.Standing.TIED)
			.orElse(false);
	}

	/**
	 * The lookup keys of the customer's active features, sorted; none when XSEN has heard
	 * of none.
	 */
	@Transactional(readOnly = true)
	public List<String> of(String customerId) {
		return this.jdbc.sql("SELECT features FROM customer_entitlements WHERE stripe_customer_id = :customer")
			.param("customer", customerId)
			.query((rs, row) -> {
				Array array = rs.getArray("features");
				return Arrays.asList((String[]) array.getArray());
			})
			.optional()
			.orElse(List.of());
	}

	private static StripeCatalog.Standing standing(Stamped stored, Instant created, String source, boolean settlesTie) {
		if (source.equals(stored.source())) {
			return StripeCatalog.Standing.OLDER;
		}
		int order = created.compareTo(stored.created());
		if (order != 0) {
			return (order > 0) ? StripeCatalog.Standing.NEWER : StripeCatalog.Standing.OLDER;
		}
		return settlesTie ? StripeCatalog.Standing.NEWER : StripeCatalog.Standing.TIED;
	}

	private record Stamped(Instant created, String source) {
	}

}
