-- Status now comes only from full subscription snapshots (events or Stripe API reads), so one order per row is
-- enough: the Stripe time of the snapshot behind the row, and whether it came from an event or from asking Stripe.
-- past_due_since keeps when the subscription entered past_due, so the grace does not restart on every retry.
ALTER TABLE subscriptions
    ADD COLUMN state_source   text NOT NULL DEFAULT 'event' CHECK (state_source IN ('event', 'stripe_read')),
    ADD COLUMN past_due_since timestamptz;

UPDATE subscriptions
   SET state_event_created = GREATEST(state_event_created, status_event_created),
       past_due_since      = CASE WHEN status = 'past_due' THEN status_event_created END;

ALTER TABLE subscriptions
    DROP COLUMN state_event_rank,
    DROP COLUMN status_event_created,
    DROP COLUMN status_event_rank;

ALTER TABLE subscriptions RENAME COLUMN state_event_created TO state_created;
