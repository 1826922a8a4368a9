-- Every item of a subscription as its latest snapshot showed it: the tier is the highest rank among the items of
-- quantity 1 or more, add-ons add their messages per unit, and revenue counts each item. unit_amount, currency and
-- the interval are the snapshot's, for prices the catalog does not hold.
CREATE TABLE subscription_items (
    stripe_subscription_id text    NOT NULL REFERENCES subscriptions (stripe_subscription_id) ON DELETE CASCADE,
    position               integer NOT NULL,
    price_id               text    NOT NULL,
    quantity               bigint  NOT NULL,
    unit_amount            bigint,
    currency               text,
    recurring_interval     text,
    interval_count         integer NOT NULL DEFAULT 1 CHECK (interval_count > 0),
    PRIMARY KEY (stripe_subscription_id, position)
);

CREATE INDEX subscription_items_price_idx ON subscription_items (price_id);

-- Rows from before hold one price, whose stored amount already counts the quantity.
INSERT INTO subscription_items (stripe_subscription_id, position, price_id, quantity, unit_amount, currency,
                                recurring_interval, interval_count)
SELECT stripe_subscription_id, 0, price_id, 1, price_amount, price_currency, price_interval,
       coalesce(price_interval_count, 1)
  FROM subscriptions WHERE price_id IS NOT NULL;

-- Messages the subscription's add-ons add to its period quota.
ALTER TABLE subscriptions ADD COLUMN extra_messages bigint NOT NULL DEFAULT 0;
