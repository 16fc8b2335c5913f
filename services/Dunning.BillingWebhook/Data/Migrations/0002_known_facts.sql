-- What Dunning already knows about each Stripe object (invoice paid, subscription canceled, ...),
-- with the creation time of the event that taught it: decisions look here, not at arrival order.
CREATE TABLE webhook.known_facts (
    entity_id      text        NOT NULL,
    fact           text        NOT NULL,
    event_id       text        NOT NULL,
    event_created  timestamptz NOT NULL,
    PRIMARY KEY (entity_id, fact)
);

-- Decline details seen on charge.failed / payment_intent.payment_failed, by invoice id and by payment intent id.
CREATE TABLE webhook.declines (
    lookup_key     text        PRIMARY KEY,
    event_created  timestamptz NOT NULL,
    details        jsonb       NOT NULL
);

-- The message types an event published at intake, so a replay re-publishes exactly those.
ALTER TABLE webhook.stripe_events ADD COLUMN published_types text[] NOT NULL DEFAULT '{}';
CREATE INDEX stripe_events_received ON webhook.stripe_events (received_at);
