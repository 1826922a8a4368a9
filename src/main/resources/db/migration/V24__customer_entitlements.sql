-- Each customer's active Stripe Entitlements features (their lookup keys), as the latest summary event or read
-- showed them.
CREATE TABLE customer_entitlements (
    stripe_customer_id text PRIMARY KEY,
    features           text[]      NOT NULL,
    state_created      timestamptz NOT NULL,
    last_source        text        NOT NULL,
    updated_at         timestamptz NOT NULL DEFAULT now()
);
