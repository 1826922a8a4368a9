-- The operator console reads revenue and history from what XSEN stores, never from Stripe at page time.
-- Each subscription keeps the price XSEN tiers it by: amount in the currency's smallest unit times the item's
-- quantity, per price_interval_count price_interval(s); NULL amount for a price that is not per unit (tiered,
-- metered). started_at, canceled_at and ended_at are Stripe's start_date, canceled_at and ended_at.
ALTER TABLE subscriptions
    ADD COLUMN price_amount         bigint,
    ADD COLUMN price_currency       text,
    ADD COLUMN price_interval       text CHECK (price_interval IN ('day', 'week', 'month', 'year')),
    ADD COLUMN price_interval_count integer CHECK (price_interval_count > 0),
    ADD COLUMN started_at           timestamptz,
    ADD COLUMN canceled_at          timestamptz,
    ADD COLUMN ended_at             timestamptz;

-- Rows from before: their first sight stands for the start, their last change for the end of an ended one.
-- Prices arrive with the next event or an operator's sync.
UPDATE subscriptions
   SET started_at = created_at,
       ended_at   = CASE WHEN status IN ('canceled', 'incomplete_expired') THEN updated_at END;

-- The console's customer list pages newest first.
CREATE INDEX subscriptions_created_idx ON subscriptions (created_at DESC, id DESC);

-- The customer an event's object names, for the console's customer page (its events newest first, without reading
-- every payload). NULL where PostgreSQL cannot extract text from the payload (a \u0000 escape anywhere in it): the
-- inbox keeps such events as delivered, and no delivery may fail for this index's sake.
CREATE FUNCTION xsen_event_customer(payload json) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS
$$
BEGIN
    RETURN payload -> 'data' -> 'object' ->> 'customer';
EXCEPTION
    WHEN OTHERS THEN
        RETURN NULL;
END
$$;

CREATE INDEX stripe_events_customer_idx ON stripe_events (xsen_event_customer(payload), received_at DESC);

-- Who has access, by tier, reads this index alone (each customer once, at their best tier).
CREATE INDEX subscriptions_granting_idx ON subscriptions (stripe_customer_id) INCLUDE (tier, status, past_due_since)
    WHERE status IN ('active', 'trialing', 'past_due');

-- Failed webhooks, counted on the overview and listed by the events page's filter; failed rows are few, so the
-- webhook path rarely writes this index.
CREATE INDEX stripe_events_failed_idx ON stripe_events (received_at DESC) WHERE status = 'failed';
