-- The console's customer page lists that customer's emails, newest first, without reading the whole outbox.
CREATE INDEX email_outbox_customer_idx ON email_outbox (stripe_customer_id, id DESC);
