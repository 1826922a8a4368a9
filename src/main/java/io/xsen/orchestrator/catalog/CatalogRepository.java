package io.xsen.orchestrator.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Catalog rows: products, prices and the revision that tells instances the catalog moved.
 */
@Repository
class CatalogRepository {

	private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	CatalogRepository(JdbcClient jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	long revision() {
		return this.jdbc.sql("SELECT revision FROM catalog_revision").query(Long.class).single();
	}

	/** Tells every instance the catalog moved; taken in the writing transaction. */
	void bumpRevision() {
		this.jdbc.sql("UPDATE catalog_revision SET revision = revision + 1").update();
	}

	List<CatalogProduct> products() {
		return this.jdbc
			.sql("SELECT product_id, name, active, deleted, metadata::text AS metadata FROM catalog_products")
			.query((rs, row) -> product(rs))
			.list();
	}

	List<CatalogPrice> prices() {
		return this.jdbc.sql("""
				SELECT price_id, product_id, active, deleted, currency, unit_amount, recurring_interval,
				       interval_count, lookup_key, nickname
				FROM catalog_prices
				""").query((rs, row) -> price(rs)).list();
	}

	boolean hasPrice(String priceId) {
		return this.jdbc.sql("SELECT count(*) FROM catalog_prices WHERE price_id = :id")
			.param("id", priceId)
			.query(Long.class)
			.single() > 0;
	}

	List<String> priceIdsOf(String productId) {
		return this.jdbc.sql("SELECT price_id FROM catalog_prices WHERE product_id = :id")
			.param("id", productId)
			.query(String.class)
			.list();
	}

	Optional<Stamp> lockProductStamp(String productId) {
		return stamp("SELECT state_created, last_source FROM catalog_products WHERE product_id = :id FOR UPDATE",
				productId);
	}

	Optional<Stamp> lockPriceStamp(String priceId) {
		return stamp("SELECT state_created, last_source FROM catalog_prices WHERE price_id = :id FOR UPDATE", priceId);
	}

	Optional<Stamp> productStamp(String productId) {
		return stamp("SELECT state_created, last_source FROM catalog_products WHERE product_id = :id", productId);
	}

	Optional<Stamp> priceStamp(String priceId) {
		return stamp("SELECT state_created, last_source FROM catalog_prices WHERE price_id = :id", priceId);
	}

	void replaceFeatures(String productId, List<String> lookupKeys) {
		this.jdbc.sql("DELETE FROM catalog_product_features WHERE product_id = :id").param("id", productId).update();
		for (String key : lookupKeys) {
			this.jdbc.sql("""
					INSERT INTO catalog_product_features (product_id, lookup_key) VALUES (:id, :key)
					ON CONFLICT DO NOTHING
					""").param("id", productId).param("key", key).update();
		}
	}

	Map<String, List<String>> featuresByProduct() {
		Map<String, List<String>> features = new LinkedHashMap<>();
		this.jdbc.sql("SELECT product_id, lookup_key FROM catalog_product_features ORDER BY product_id, lookup_key")
			.query((rs, row) -> features.computeIfAbsent(rs.getString("product_id"), id -> new ArrayList<>())
				.add(rs.getString("lookup_key")))
			.list();
		return features;
	}

	void saveProduct(CatalogProduct product, Instant created, String source) {
		this.jdbc.sql("""
				INSERT INTO catalog_products (product_id, name, active, deleted, metadata, state_created, last_source)
				VALUES (:id, :name, :active, :deleted, CAST(:metadata AS jsonb), :created, :source)
				ON CONFLICT (product_id) DO UPDATE
				SET name = excluded.name, active = excluded.active, deleted = excluded.deleted,
				    metadata = excluded.metadata, state_created = excluded.state_created,
				    last_source = excluded.last_source, updated_at = now()
				""")
			.param("id", product.id())
			.param("name", product.name(), Types.VARCHAR)
			.param("active", product.active())
			.param("deleted", product.deleted())
			.param("metadata", this.json.writeValueAsString(new LinkedHashMap<>(product.metadata())))
			.param("created", utc(created))
			.param("source", source)
			.update();
	}

	void savePrice(CatalogPrice price, Instant created, String source) {
		this.jdbc.sql("""
				INSERT INTO catalog_prices (price_id, product_id, active, deleted, currency, unit_amount,
				                            recurring_interval, interval_count, lookup_key, nickname, state_created,
				                            last_source)
				VALUES (:id, :product, :active, :deleted, :currency, :amount, :interval, :intervalCount, :lookupKey,
				        :nickname, :created, :source)
				ON CONFLICT (price_id) DO UPDATE
				SET product_id = excluded.product_id, active = excluded.active, deleted = excluded.deleted,
				    currency = excluded.currency, unit_amount = excluded.unit_amount,
				    recurring_interval = excluded.recurring_interval, interval_count = excluded.interval_count,
				    lookup_key = excluded.lookup_key, nickname = excluded.nickname,
				    state_created = excluded.state_created, last_source = excluded.last_source, updated_at = now()
				""")
			.param("id", price.id())
			.param("product", price.productId())
			.param("active", price.active())
			.param("deleted", price.deleted())
			.param("currency", price.currency(), Types.VARCHAR)
			.param("amount", price.unitAmount(), Types.BIGINT)
			.param("interval", price.interval(), Types.VARCHAR)
			.param("intervalCount", Math.max(price.intervalCount(), 1))
			.param("lookupKey", price.lookupKey(), Types.VARCHAR)
			.param("nickname", price.nickname(), Types.VARCHAR)
			.param("created", utc(created))
			.param("source", source)
			.update();
	}

	/**
	 * Marks deleted what a whole read of Stripe's catalog no longer showed, unless
	 * something newer than the read wrote it.
	 * @return the price ids whose product or price changed
	 */
	List<String> markMissingDeleted(List<String> productIds, List<String> priceIds, Instant readAt, String source) {
		List<String> products = this.jdbc.sql("""
				UPDATE catalog_products SET deleted = true, last_source = :source, updated_at = now()
				WHERE NOT deleted AND state_created <= :readAt AND NOT (product_id = ANY (:ids))
				RETURNING product_id
				""")
			.param("source", source)
			.param("readAt", utc(readAt))
			.param("ids", productIds.toArray(String[]::new))
			.query(String.class)
			.list();
		List<String> prices = this.jdbc.sql("""
				UPDATE catalog_prices SET deleted = true, last_source = :source, updated_at = now()
				WHERE NOT deleted AND state_created <= :readAt AND NOT (price_id = ANY (:ids))
				RETURNING price_id
				""")
			.param("source", source)
			.param("readAt", utc(readAt))
			.param("ids", priceIds.toArray(String[]::new))
			.query(String.class)
			.list();
		List<String> changed = new ArrayList<>(prices);
		products.forEach(product -> changed.addAll(priceIdsOf(product)));
		return changed;
	}

	private Optional<Stamp> stamp(String sql, String id) {
		return this.jdbc.sql(sql)
			.param("id", id)
			.query((rs, row) -> new Stamp(rs.getObject("state_created", OffsetDateTime.class).toInstant(),
					rs.getString("last_source")))
			.optional();
	}

	private CatalogProduct product(ResultSet rs) throws SQLException {
		Map<String, String> metadata;
		try {
			metadata = this.json.readValue(rs.getString("metadata"), METADATA);
		}
		catch (JacksonException ex) {
			metadata = Map.of();
		}
		return new CatalogProduct(rs.getString("product_id"), rs.getString("name"), rs.getBoolean("active"),
				rs.getBoolean("deleted"), metadata);
	}

	private static CatalogPrice price(ResultSet rs) throws SQLException {
		return new CatalogPrice(rs.getString("price_id"), rs.getString("product_id"), rs.getBoolean("active"),
				rs.getBoolean("deleted"), rs.getString("currency"), rs.getObject("unit_amount", Long.class),
				rs.getString("recurring_interval"), rs.getInt("interval_count"), rs.getString("lookup_key"),
				rs.getString("nickname"));
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * When the stored row's state stands in Stripe's history, and what set it.
	 */
	record Stamp(Instant created, String source) {
	}

}
