-- Emails XSEN owes its customers. A row is written in the transaction of the change that causes it (a webhook
-- applied, a request served) and delivered afterwards by whichever instance claims it first (FOR UPDATE SKIP
-- LOCKED). dedup_key names the (subscription, kind, period or event), so a redelivered webhook adds nothing.
-- Message-ID is built from id and resends, so the retries of one sending share it. No secret is stored here: a
-- link's code is made when the email is sent, and only its hash is kept (access_links).
CREATE TABLE email_outbox (
    id                     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dedup_key              text        NOT NULL UNIQUE,
    kind                   text        NOT NULL,
    stripe_customer_id     text        NOT NULL,
    stripe_subscription_id text,
    recipient              text        NOT NULL,
    details                jsonb       NOT NULL DEFAULT '{}',
    status                 text        NOT NULL DEFAULT 'unsent' CHECK (status IN ('unsent', 'sent', 'failed')),
    attempts               integer     NOT NULL DEFAULT 0,
    resends                integer     NOT NULL DEFAULT 0,
    next_attempt_at        timestamptz NOT NULL,
    retry_until            timestamptz NOT NULL,
    last_error             text,
    printed_at             timestamptz,
    created_at             timestamptz NOT NULL,
    sent_at                timestamptz
);

CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at) WHERE status = 'unsent';
CREATE INDEX email_outbox_status_idx ON email_outbox (status, id);

-- Codes of the links in emails, as SHA-256 hashes: 'access' reveals the customer's token once, 'billing' opens
-- Stripe's billing portal until it expires. A new access link revokes the customer's older ones.
CREATE TABLE access_links (
    code_hash          bytea       PRIMARY KEY,
    purpose            text        NOT NULL CHECK (purpose IN ('access', 'billing')),
    stripe_customer_id text        NOT NULL,
    created_at         timestamptz NOT NULL,
    expires_at         timestamptz NOT NULL,
    used_at            timestamptz,
    revoked_at         timestamptz
);

CREATE INDEX access_links_customer_idx ON access_links (stripe_customer_id, purpose);
CREATE INDEX access_links_expires_idx ON access_links (expires_at);

-- Access link requests per client address or email hash and window, so every instance enforces one limit.
CREATE UNLOGGED TABLE access_link_rate_windows (
    rate_key     text        NOT NULL,
    window_start timestamptz NOT NULL,
    requests     integer     NOT NULL,
    PRIMARY KEY (rate_key, window_start)
);
