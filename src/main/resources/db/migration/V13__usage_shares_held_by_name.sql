-- A counter names the instances still holding a share of its minute instead of counting those that handed theirs back:
-- bit i of held is the minute's i-th claimer. Handing a share back clears its bit, so it happens once however often it
-- is tried, and an instance that stops can hand back every share it holds.
ALTER TABLE usage_minutes ADD COLUMN held bigint NOT NULL DEFAULT 0;
COMMENT ON COLUMN usage_minutes.releases IS
    'No longer written: instances of this version read held. Kept so that instances of the version before keep '
    'serving while a deployment replaces them; dropped by a later migration.';

-- The claimers of a minute that stopped within it, as bits like held: a counter made after that counts no share of
-- theirs, and a counter made before it gives their shares back when it is next asked.
ALTER TABLE usage_minute_shares ADD COLUMN departed bigint NOT NULL DEFAULT 0;
