-- Each instance serves a share of every customer's minute limit without a statement: the limit divided by the
-- instances that claimed the minute. An instance claims the next minute from its 45th second; the first instance to
-- need a minute seals it, and the instances are then fixed, so shares never add up past the limit.
CREATE TABLE usage_minute_shares (
    minute    timestamptz PRIMARY KEY,
    instances text[]      NOT NULL,
    sealed    boolean     NOT NULL DEFAULT false
);

-- A customer's minute counter counts every instance's share as reserved (shares instances, each the limit divided
-- by them); an instance that hands its share back, once a minute per customer, adds to releases.
ALTER TABLE usage_minutes
    ADD COLUMN shares   integer NOT NULL DEFAULT 0,
    ADD COLUMN releases integer NOT NULL DEFAULT 0;

-- An instance that found a period's counter used up marks it wanted: the others hand back the units their idle
-- leases hold on it within seconds, instead of keeping them for the customer's return.
ALTER TABLE usage_periods ADD COLUMN wanted_at timestamptz;
CREATE INDEX usage_periods_wanted_idx ON usage_periods (wanted_at) WHERE wanted_at IS NOT NULL;
