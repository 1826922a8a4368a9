-- Whether an address is a customer's now, ignoring case: the email Stripe holds for the customer once XSEN has heard it
-- (customer_emails), whatever a subscription row shows; before that, any address the customer's subscriptions hold.
-- An access link works only while the address it went to passes this, checked in the very statement that spends it,
-- so a change of address that commits first always wins.
CREATE FUNCTION xsen_is_customer_email(customer_id text, address text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$
SELECT CASE
         WHEN EXISTS (SELECT 1 FROM customer_emails c WHERE c.stripe_customer_id = customer_id)
         THEN EXISTS (SELECT 1 FROM customer_emails c
                       WHERE c.stripe_customer_id = customer_id AND lower(c.email) = lower(address))
         ELSE EXISTS (SELECT 1 FROM subscriptions s
                       WHERE s.stripe_customer_id = customer_id AND lower(s.email) = lower(address))
       END
$$;

-- A subscription recorded on one instance while the customer's email changed on another could keep the address the
-- customer had left; every subscription of a customer carries the customer's email again.
UPDATE subscriptions s
   SET email = c.email
  FROM customer_emails c
 WHERE c.stripe_customer_id = s.stripe_customer_id
   AND s.email IS DISTINCT FROM c.email;
