-- Every change to a token or a subscription tells each running XSEN instance which customer changed, so the
-- instances' token caches drop that customer's entries within a second (revocation, rotation, cancellation).
CREATE FUNCTION xsen_notify_access_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('xsen_access_changes', COALESCE(NEW.stripe_customer_id, OLD.stripe_customer_id));
    RETURN NULL;
END
$$;

CREATE TRIGGER auth_tokens_access_change
    AFTER INSERT OR UPDATE OR DELETE ON auth_tokens
    FOR EACH ROW EXECUTE FUNCTION xsen_notify_access_change();

CREATE TRIGGER subscriptions_access_change
    AFTER INSERT OR UPDATE OR DELETE ON subscriptions
    FOR EACH ROW EXECUTE FUNCTION xsen_notify_access_change();
