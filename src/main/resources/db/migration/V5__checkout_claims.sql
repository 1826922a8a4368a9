-- Checkout Sessions that yielded their one token: a later claim of the same session is refused, so a leaked
-- success URL cannot take over the customer's token. Rows are small (one per checkout) and kept.
CREATE TABLE checkout_claims (
    checkout_session_id text        PRIMARY KEY,
    stripe_customer_id  text        NOT NULL,
    claimed_at          timestamptz NOT NULL
);

-- Token claims per client address and minute, counted here so every instance enforces one limit. A crash may
-- lose the counts (unlogged: no WAL per request); that only resets a minute's limit.
CREATE UNLOGGED TABLE claim_rate_windows (
    client_address text        NOT NULL,
    window_start   timestamptz NOT NULL,
    requests       integer     NOT NULL,
    PRIMARY KEY (client_address, window_start)
);

CREATE INDEX claim_rate_windows_start_idx ON claim_rate_windows (window_start);
