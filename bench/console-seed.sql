-- Seeds the console benchmark: :subscriptions subscriptions over as many customers (most active, some trialing,
-- past_due or canceled; monthly and yearly prices in two currencies; starts over the last 400 days) and as many
-- inbox events, 1 % of them failed, each naming one of the customers.
TRUNCATE subscriptions, subscription_items, auth_tokens, stripe_events;

INSERT INTO subscriptions (stripe_subscription_id, stripe_customer_id, email, tier, status, price_id,
                           price_amount, price_currency, price_interval, price_interval_count,
                           current_period_end, cancel_at_period_end, past_due_since, state_created,
                           started_at, canceled_at, ended_at, created_at, updated_at)
SELECT 'sub_bench' || i, 'cus_bench' || i, 'bench' || i || '@example.com',
       CASE WHEN i % 2 = 0 THEN 'premium' ELSE 'basic' END,
       CASE WHEN i % 20 = 0 THEN 'canceled' WHEN i % 20 = 1 THEN 'past_due' WHEN i % 20 = 2 THEN 'trialing'
            ELSE 'active' END,
       CASE WHEN i % 2 = 0 THEN 'price_bench_premium' ELSE 'price_bench_basic' END,
       CASE WHEN i % 2 = 0 THEN 5000 ELSE 2000 END * CASE WHEN i % 7 = 0 THEN 10 ELSE 1 END,
       CASE WHEN i % 5 = 0 THEN 'eur' ELSE 'usd' END,
       CASE WHEN i % 7 = 0 THEN 'year' ELSE 'month' END, 1,
       now() + interval '20 days', i % 13 = 0,
       CASE WHEN i % 20 = 1 THEN now() - interval '1 day' END,
       now() - interval '2 days',
       now() - (i % 400) * interval '1 day',
       CASE WHEN i % 20 = 0 THEN now() - (i % 90) * interval '1 day' END,
       CASE WHEN i % 20 = 0 THEN now() - (i % 90) * interval '1 day' END,
       now() - (i % 400) * interval '1 day', now() - interval '2 days'
FROM generate_series(0, :subscriptions - 1) AS i;

INSERT INTO auth_tokens (token_hash, token_prefix, stripe_customer_id, issued_via, expires_at)
SELECT sha256(convert_to('xsen-console-bench-' || i, 'UTF8')), 'xsen_bench' || (i % 100), 'cus_bench' || i, 'admin',
       now() + interval '30 days'
FROM generate_series(0, :subscriptions - 1) AS i;

INSERT INTO stripe_events (id, type, created, api_version, livemode, payload, status, received_at, processed_at,
                           attempts, last_error)
SELECT 'evt_bench_console_' || i, 'customer.subscription.updated', now() - i * interval '1 second',
       '2025-09-30.clover', false,
       json_build_object('id', 'evt_bench_console_' || i, 'object', 'event', 'type', 'customer.subscription.updated',
                         'created', extract(epoch FROM now())::bigint - i,
                         'data', json_build_object('object', json_build_object(
                             'id', 'sub_bench' || (i % :subscriptions), 'object', 'subscription',
                             'customer', 'cus_bench' || (i % :subscriptions), 'status', 'active'))),
       CASE WHEN i % 100 = 0 THEN 'failed' ELSE 'processed' END,
       now() - i * interval '1 second',
       CASE WHEN i % 100 = 0 THEN NULL ELSE now() - i * interval '1 second' END,
       1, CASE WHEN i % 100 = 0 THEN 'StripeApiUnavailable: bench' END
FROM generate_series(0, :subscriptions - 1) AS i;

-- One welcome email per subscription: 1 in 100 failed, 1 in 50 unsent, the rest sent.
INSERT INTO email_outbox (dedup_key, kind, stripe_customer_id, stripe_subscription_id, recipient, details, status,
                          attempts, next_attempt_at, retry_until, last_error, created_at, sent_at)
SELECT 'access:sub_bench' || i, 'access', 'cus_bench' || i, 'sub_bench' || i, 'bench' || i || '@example.com',
       '{"tier": "basic"}',
       CASE WHEN i % 100 = 0 THEN 'failed' WHEN i % 50 = 1 THEN 'unsent' ELSE 'sent' END,
       CASE WHEN i % 100 = 0 THEN 9 ELSE 1 END,
       now() - (i % 400) * interval '1 day', now() - (i % 400) * interval '1 day' + interval '1 day',
       CASE WHEN i % 100 = 0 THEN '550 mailbox unavailable' END,
       now() - (i % 400) * interval '1 day',
       CASE WHEN i % 100 > 1 THEN now() - (i % 400) * interval '1 day' END
FROM generate_series(0, :subscriptions - 1) AS i;

-- The current period's usage of every subscription.
INSERT INTO usage_periods (stripe_subscription_id, stripe_customer_id, period_start, period_end, tier, messages_used)
SELECT 'sub_bench' || i, 'cus_bench' || i, date_trunc('second', now()) - interval '10 days',
       date_trunc('second', now()) + interval '20 days',
       CASE WHEN i % 2 = 0 THEN 'premium' ELSE 'basic' END, (i * 7919) % 1000
FROM generate_series(0, :subscriptions - 1) AS i;

VACUUM ANALYZE subscriptions;
VACUUM ANALYZE auth_tokens;
VACUUM ANALYZE stripe_events;
VACUUM ANALYZE email_outbox;
VACUUM ANALYZE usage_periods;
