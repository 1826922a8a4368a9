-- Seeds the seed design's database with the same :customers customers and the same tokens as bench/seed.sql,
-- stored as that design stores them (in plain text).
TRUNCATE subscriptions, auth_tokens;

INSERT INTO subscriptions (stripe_customer_id, stripe_subscription_id, email, tier, status, current_period_end)
SELECT 'cus_bench' || i, 'sub_bench' || i, 'bench' || i || '@example.com',
       CASE WHEN i % 2 = 0 THEN 'premium' ELSE 'basic' END, 'active', now() + interval '28 days'
FROM generate_series(0, :customers - 1) AS i;

INSERT INTO auth_tokens (token, stripe_customer_id, expires_at)
SELECT 'xsen_' || translate(encode(sha256(convert_to('xsen-bench-' || i, 'UTF8')), 'base64'), '+/=', '-_'),
       'cus_bench' || i, now() + interval '30 days'
FROM generate_series(0, :customers - 1) AS i;

ANALYZE subscriptions;
ANALYZE auth_tokens;
