-- One row per Stripe subscription. A customer who cancels and subscribes again has two rows.
CREATE TABLE subscriptions (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stripe_subscription_id text        NOT NULL UNIQUE,
    stripe_customer_id     text        NOT NULL,
    email                  text,
    tier                   text,
    status                 text        NOT NULL,
    price_id               text,
    current_period_end     timestamptz,
    cancel_at_period_end   boolean     NOT NULL DEFAULT false,
    -- Order (event created, tie rank) of the subscription snapshot behind tier, price, period and cancel flag.
    state_event_created    timestamptz,
    state_event_rank       smallint,
    -- Order of the event behind status; payment events move status without carrying a snapshot.
    status_event_created   timestamptz,
    status_event_rank      smallint,
    last_event_id          text,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX subscriptions_customer_idx ON subscriptions (stripe_customer_id);
CREATE INDEX subscriptions_email_idx ON subscriptions (lower(email));

-- Bearer tokens handed to customers; only the SHA-256 of a token is kept.
CREATE TABLE auth_tokens (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash         bytea       NOT NULL UNIQUE,
    token_prefix       text        NOT NULL,
    stripe_customer_id text        NOT NULL,
    issued_via         text        NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    expires_at         timestamptz NOT NULL,
    revoked_at         timestamptz,
    CONSTRAINT auth_tokens_hash_is_sha256 CHECK (octet_length(token_hash) = 32)
);

-- At most one live token per customer: issuing a new one must revoke the old one in the same transaction.
CREATE UNIQUE INDEX auth_tokens_one_active_per_customer ON auth_tokens (stripe_customer_id) WHERE revoked_at IS NULL;
CREATE INDEX auth_tokens_expires_idx ON auth_tokens (expires_at);
CREATE INDEX auth_tokens_revoked_idx ON auth_tokens (revoked_at) WHERE revoked_at IS NOT NULL;

-- Every verified Stripe event, recorded before we answer 2xx; the primary key makes each apply once.
CREATE TABLE stripe_events (
    id           text        PRIMARY KEY,
    type         text        NOT NULL,
    created      timestamptz NOT NULL,
    api_version  text,
    livemode     boolean     NOT NULL,
    -- json, not jsonb: keeps Stripe's text as delivered and accepts every escape Stripe may send.
    payload      json        NOT NULL,
    status       text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'failed')),
    received_at  timestamptz NOT NULL DEFAULT now(),
    processed_at timestamptz,
    attempts     integer     NOT NULL DEFAULT 0,
    last_error   text
);

CREATE INDEX stripe_events_received_idx ON stripe_events (received_at DESC);
CREATE INDEX stripe_events_status_received_idx ON stripe_events (status, received_at DESC);
CREATE INDEX stripe_events_type_received_idx ON stripe_events (type, received_at DESC);
