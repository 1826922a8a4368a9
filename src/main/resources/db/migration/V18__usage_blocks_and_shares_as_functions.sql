-- The block a reservation hands an instance, shared by the period and minute counters: an eighth of what is left
-- under the limit, at least one and at most 100, or what the instance asks for (its pace in the minute) when more,
-- and never more than is left. PostgreSQL inlines it into each statement.
CREATE FUNCTION usage_block(units_left bigint, wanted bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT GREATEST(0, LEAST(units_left, GREATEST(1, LEAST(100, units_left / 8), wanted))) $$;

-- Each instance's share of a customer's minute: the shares of the instances that claimed the minute cover half the
-- limit (MinuteShares.each in the code).
CREATE FUNCTION usage_share(request_limit bigint, shares integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN shares > 0 THEN request_limit / (2 * shares) ELSE 0 END $$;

-- Promised by V13: no instance reads or writes it any more.
ALTER TABLE usage_minutes DROP COLUMN releases;
