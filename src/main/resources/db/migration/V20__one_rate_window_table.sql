-- Requests per key and fixed window, for every per-client limit (token claims, console logins, access link
-- requests), counted here so every instance enforces one limit. A key names its limit, so each key has one window
-- length; window_end lets one sweep remove the ended windows of every limit. Unlogged: a crash may lose the
-- counts, which only reopens a window early.
CREATE UNLOGGED TABLE rate_windows (
    rate_key     text        NOT NULL,
    window_start timestamptz NOT NULL,
    window_end   timestamptz NOT NULL,
    requests     integer     NOT NULL,
    PRIMARY KEY (rate_key, window_start)
);

CREATE INDEX rate_windows_end_idx ON rate_windows (window_end);

-- The previous version still counts in these while a deploy replaces it; a later migration drops them.
COMMENT ON TABLE claim_rate_windows IS 'Replaced by rate_windows (V20); kept only for the previous version during a deploy';
COMMENT ON TABLE access_link_rate_windows IS 'Replaced by rate_windows (V20); kept only for the previous version during a deploy';
