-- Seeds the benchmark database: :customers customers, each with an active subscription and a live token.
-- Tokens are derived from the customer number so the load generator can present them; only hashes are stored.
TRUNCATE subscriptions, subscription_items, auth_tokens, stripe_events, usage_periods, usage_minutes;

INSERT INTO subscriptions (stripe_subscription_id, stripe_customer_id, email, tier, status, price_id,
                           current_period_start, current_period_end, state_created, created_at, updated_at)
SELECT 'sub_bench' || i, 'cus_bench' || i, 'bench' || i || '@example.com',
       CASE WHEN i % 2 = 0 THEN 'premium' ELSE 'basic' END, 'active',
       CASE WHEN i % 2 = 0 THEN 'price_bench_premium' ELSE 'price_bench_basic' END,
       -- Whole seconds, as Stripe's periods are.
       date_trunc('second', now()) - interval '2 days', date_trunc('second', now()) + interval '28 days',
       now() - interval '2 days',
       now() - interval '2 days', now() - interval '2 days'
FROM generate_series(0, :customers - 1) AS i;

INSERT INTO auth_tokens (token_hash, token_prefix, stripe_customer_id, issued_via, expires_at)
SELECT sha256(convert_to(t.token, 'UTF8')), left(t.token, 12), 'cus_bench' || t.i, 'admin', now() + interval '30 days'
FROM (SELECT i, 'xsen_' || translate(encode(sha256(convert_to('xsen-bench-' || i, 'UTF8')), 'base64'), '+/=', '-_') AS token
      FROM generate_series(0, :customers - 1) AS i) AS t;

ANALYZE subscriptions;
ANALYZE auth_tokens;

COPY (SELECT 'xsen_' || translate(encode(sha256(convert_to('xsen-bench-' || i, 'UTF8')), 'base64'), '+/=', '-_') FROM generate_series(0, :customers - 1) AS i) TO STDOUT;
