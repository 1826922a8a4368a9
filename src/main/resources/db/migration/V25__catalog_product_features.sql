-- The features (Stripe Entitlements) attached to each product, as the last catalog sync read them, for the Plans
-- page. What a customer may use comes from Stripe's summary of their own entitlements, not from this table.
CREATE TABLE catalog_product_features (
    product_id text NOT NULL,
    lookup_key text NOT NULL,
    PRIMARY KEY (product_id, lookup_key)
);
