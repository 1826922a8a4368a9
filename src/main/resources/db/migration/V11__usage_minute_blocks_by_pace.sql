-- A minute's block is sized to the pace the asking instance saw (what it spent in the minute so far, or in the
-- minute before for the block reserved ahead); the statement carries it in this column to its conflict branch.
ALTER TABLE usage_minutes ADD COLUMN last_wanted integer NOT NULL DEFAULT 1;
