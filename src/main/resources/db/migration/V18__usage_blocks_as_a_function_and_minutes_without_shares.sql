-- The block a reservation hands an instance, shared by the period and minute counters: an eighth of what is left
-- under the limit, at least one and at most 100, or what the instance asks for (its pace in the minute) when more,
-- and never more than is left. PostgreSQL inlines it into each statement.
CREATE FUNCTION usage_block(units_left bigint, wanted bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT GREATEST(0, LEAST(units_left, GREATEST(1, LEAST(100, units_left / 8), wanted))) $$;

-- The minute limit is a plain counter per customer and minute: instances no longer claim shares of a minute.
-- Instances of the version before write these while a deployment replaces them; a later migration drops them.
COMMENT ON TABLE usage_minute_shares IS
    'No longer written: the minute limit is the counter on usage_minutes alone. Dropped by a later migration.';
COMMENT ON COLUMN usage_minutes.shares IS 'No longer written. Dropped by a later migration.';
COMMENT ON COLUMN usage_minutes.held IS 'No longer written. Dropped by a later migration.';
-- Promised by V13: no instance reads or writes it any more.
ALTER TABLE usage_minutes DROP COLUMN releases;
