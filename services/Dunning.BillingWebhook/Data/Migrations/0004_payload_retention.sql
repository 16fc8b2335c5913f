-- Raw Stripe bodies carry names, emails and addresses: the retention job clears them after Retention:StripePayloads, keeping
-- the row (its id is what recognises Stripe's redelivery of the event). The partial index finds the rows still to clear
-- without walking those already cleared; it replaces the plain received_at index (no query needs both).
ALTER TABLE webhook.stripe_events ALTER COLUMN payload DROP NOT NULL;
ALTER TABLE webhook.stripe_events ADD COLUMN IF NOT EXISTS payload_purged_at timestamptz NULL;
DROP INDEX IF EXISTS webhook.stripe_events_received;
CREATE INDEX IF NOT EXISTS stripe_events_payload_kept ON webhook.stripe_events (received_at) WHERE payload IS NOT NULL;
