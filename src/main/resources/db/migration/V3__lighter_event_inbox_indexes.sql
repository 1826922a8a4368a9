-- Every webhook writes one inbox row, so each index costs ingestion throughput. Operators page the inbox newest
-- first (received_at) and look for what is not processed; the per-status and per-type indexes bought little.
DROP INDEX stripe_events_status_received_idx;
DROP INDEX stripe_events_type_received_idx;
CREATE INDEX stripe_events_unfinished_idx ON stripe_events (received_at DESC) WHERE status <> 'processed';
