-- Stripe's catalog as XSEN last learned it: products (their metadata grants tiers and add-ons) and prices (what
-- each bills). Rows are kept when Stripe archives or deletes them, since subscriptions that hold them keep
-- granting. state_created is the second of the event or read that set the row, last_source its event id or read,
-- so an older event never overwrites a newer state.
CREATE TABLE catalog_products (
    product_id    text PRIMARY KEY,
    name          text,
    active        boolean     NOT NULL,
    deleted       boolean     NOT NULL DEFAULT false,
    metadata      jsonb       NOT NULL DEFAULT '{}',
    state_created timestamptz NOT NULL,
    last_source   text        NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- recurring_interval is NULL for a one-time price; unit_amount NULL for one that is not per unit.
CREATE TABLE catalog_prices (
    price_id       text PRIMARY KEY,
    product_id     text        NOT NULL,
    active         boolean     NOT NULL,
    deleted        boolean     NOT NULL DEFAULT false,
    currency       text,
    unit_amount    bigint,
    recurring_interval text,
    interval_count integer     NOT NULL DEFAULT 1 CHECK (interval_count > 0),
    lookup_key     text,
    nickname       text,
    state_created  timestamptz NOT NULL,
    last_source    text        NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX catalog_prices_product_idx ON catalog_prices (product_id);

-- Bumped in every transaction that changes the catalog: each instance compares it with the catalog it holds in
-- memory and reads the catalog again when it moved.
CREATE TABLE catalog_revision (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    revision  bigint  NOT NULL
);

INSERT INTO catalog_revision (singleton, revision) VALUES (true, 0);
