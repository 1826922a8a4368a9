-- A signed event whose created lies outside 1970-01-01T00:00:01Z .. 9999-12-31T23:59:59Z is kept as failed with
-- created NULL: operators see it (payload included) instead of the delivery vanishing behind a 5xx.
ALTER TABLE stripe_events ALTER COLUMN created DROP NOT NULL;
