-- Every genuine Stripe event, stored once by its id (the webhook inbox).
CREATE TABLE webhook.stripe_events (
    id           text        PRIMARY KEY,
    type         text        NOT NULL,
    created_at   timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    payload      jsonb       NOT NULL
);
CREATE INDEX stripe_events_type_created ON webhook.stripe_events (type, created_at);
