-- A signed event that XSEN records but never applies says why, for operators reading the inbox: one from the other
-- mode than STRIPE_SECRET_KEY's (a test event at a live key, or the reverse), or a thin API v2 notification. NULL for
-- every other event, an unknown type or a one-time checkout included.
ALTER TABLE stripe_events ADD COLUMN ignored_reason text;
