-- The email Stripe holds for a customer, once XSEN has heard it from the customer itself (a customer.updated event,
-- or the customer read from Stripe at a claim or a sync), with the order of that fact as subscriptions keep theirs:
-- the Stripe second behind it, whether it came from an event or from asking Stripe, and the event. An older
-- customer.updated never overwrites a newer email; every subscription row of the customer carries this one, and
-- checkouts and invoices no longer set it. Customers XSEN has not heard from this way have no row.
CREATE TABLE customer_emails (
    stripe_customer_id text        PRIMARY KEY,
    email              text,
    state_created      timestamptz NOT NULL,
    state_source       text        NOT NULL CHECK (state_source IN ('event', 'stripe_read')),
    last_event_id      text,
    updated_at         timestamptz NOT NULL
);

-- The address each emailed link went to: a link works only while that is still the customer's address, so links sent
-- to an address the customer has left stop working. Links sent before this release went to the address on record.
ALTER TABLE access_links ADD COLUMN recipient text;

UPDATE access_links l
   SET recipient = (SELECT s.email FROM subscriptions s
                     WHERE s.stripe_customer_id = l.stripe_customer_id AND s.email IS NOT NULL
                     ORDER BY s.updated_at DESC LIMIT 1);
