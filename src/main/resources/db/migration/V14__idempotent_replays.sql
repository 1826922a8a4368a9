-- An Idempotency-Key keeps the first answer it got, so that a retry is answered with it instead of being served again.
-- A request claims its key before it runs (claim names that request; completed_at is null while it is being served)
-- and stores its answer once it was served (2xx); a refused or failed request deletes its claim. A claim that never
-- completed and is older than a minute was left by an instance that stopped, and may be taken over; so may any row
-- older than 24 hours.
--
-- Rows written before, and by instances of the version before while a deployment replaces them, name no method or
-- path and never complete: they count as claims, taken over once a minute old.
ALTER TABLE idempotency_keys
    ADD COLUMN request_method    text     NOT NULL DEFAULT '',
    ADD COLUMN request_path      text     NOT NULL DEFAULT '',
    ADD COLUMN claim             uuid     NOT NULL DEFAULT gen_random_uuid(),
    ADD COLUMN completed_at      timestamptz,
    ADD COLUMN response_status   smallint,
    ADD COLUMN response_type     text,
    ADD COLUMN response_body     bytea,
    ADD COLUMN rate_limit        text,
    ADD COLUMN rate_limit_policy text,
    ADD CONSTRAINT idempotency_keys_served_answer
        CHECK (completed_at IS NULL OR (response_status BETWEEN 200 AND 299 AND response_body IS NOT NULL));

COMMENT ON TABLE idempotency_keys IS
    'Idempotency-Key values a customer sent in the last 24 hours, each with the first answer it was served.';
