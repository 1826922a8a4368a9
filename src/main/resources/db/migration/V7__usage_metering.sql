-- Quotas count from the start of the subscription's own billing period.
ALTER TABLE subscriptions ADD COLUMN current_period_start timestamptz;

-- The start of the stored period, from the newest subscription event on file that shows the same period end (items
-- in the current API shape, the top level before 2025). Subscriptions without one get it with their next event.
UPDATE subscriptions s
   SET current_period_start = to_timestamp(e.period_start)
  FROM (SELECT DISTINCT ON (subscription_id) subscription_id,
               CASE WHEN period_start ~ '^[0-9]{1,12}$' THEN period_start::bigint END AS period_start,
               CASE WHEN period_end ~ '^[0-9]{1,12}$' THEN period_end::bigint END AS period_end
          FROM (SELECT payload -> 'data' -> 'object' ->> 'id' AS subscription_id, created, received_at,
                       COALESCE(payload -> 'data' -> 'object' -> 'items' -> 'data' -> 0 ->> 'current_period_start',
                                payload -> 'data' -> 'object' ->> 'current_period_start') AS period_start,
                       COALESCE(payload -> 'data' -> 'object' -> 'items' -> 'data' -> 0 ->> 'current_period_end',
                                payload -> 'data' -> 'object' ->> 'current_period_end') AS period_end
                  FROM stripe_events
                 WHERE type LIKE 'customer.subscription.%') AS shown
         WHERE subscription_id IS NOT NULL
         ORDER BY subscription_id, created DESC NULLS LAST, received_at DESC) AS e
 WHERE e.subscription_id = s.stripe_subscription_id
   AND e.period_start IS NOT NULL
   AND s.current_period_end = to_timestamp(e.period_end);

-- Messages per subscription per billing period. Instances reserve blocks of the quota (leases) and spend them
-- locally: messages_reserved is what has been handed out (never above the limit when the grant was taken),
-- messages_used what was served. Reserved units an instance lost in a crash stay reserved: a quota is
-- under-used, never over-served.
CREATE TABLE usage_periods (
    stripe_subscription_id text        NOT NULL,
    stripe_customer_id     text        NOT NULL,
    period_start           timestamptz NOT NULL,
    period_end             timestamptz NOT NULL,
    tier                   text,
    messages_used          bigint      NOT NULL DEFAULT 0,
    messages_reserved      bigint      NOT NULL DEFAULT 0,
    -- The latest reservation: the limit it was made under, the units it handed back and the units it granted
    -- (so the statement that takes them can say how many).
    message_limit          bigint,
    last_returned          bigint      NOT NULL DEFAULT 0,
    last_grant             bigint      NOT NULL DEFAULT 0,
    updated_at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stripe_subscription_id, period_start)
);

CREATE INDEX usage_periods_customer_idx ON usage_periods (stripe_customer_id, period_start DESC);
CREATE INDEX usage_periods_end_idx ON usage_periods (period_end);

-- Requests per customer per clock minute, reserved in blocks like the period quota; an instance reserves the next
-- minute's first block while serving this one. Rows of minutes that have passed are swept every minute.
CREATE TABLE usage_minutes (
    stripe_customer_id text        NOT NULL,
    minute             timestamptz NOT NULL,
    request_limit      integer,
    requests_reserved  integer     NOT NULL DEFAULT 0,
    last_grant         integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (stripe_customer_id, minute)
);

CREATE INDEX usage_minutes_minute_idx ON usage_minutes (minute);

-- Idempotency-Key values a customer sent in the last 24 hours: a retry with the same key is not counted again.
CREATE TABLE idempotency_keys (
    stripe_customer_id text        NOT NULL,
    idempotency_key    text        NOT NULL,
    first_seen_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stripe_customer_id, idempotency_key)
);

CREATE INDEX idempotency_keys_seen_idx ON idempotency_keys (first_seen_at);

-- Usage reports owed to Stripe Billing Meters: one row per customer per minute, written with the usage it
-- reports and sent once the minute has closed, by whichever instance claims it first.
CREATE TABLE meter_reports (
    stripe_customer_id text        NOT NULL,
    minute             timestamptz NOT NULL,
    value              bigint      NOT NULL,
    status             text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
    attempts           integer     NOT NULL DEFAULT 0,
    next_attempt_at    timestamptz NOT NULL DEFAULT now(),
    last_error         text,
    sent_at            timestamptz,
    PRIMARY KEY (stripe_customer_id, minute)
);

CREATE INDEX meter_reports_due_idx ON meter_reports (next_attempt_at) WHERE status = 'pending';
