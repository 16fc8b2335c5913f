-- Webhooks to the business's own application: one row per event (its id comes from the effect), the delivery log the ops
-- view shows. A delivery job (kind business-webhook) sends it until the endpoint answers 2xx or BusinessWebhooks:GiveUpAfter.
CREATE TABLE IF NOT EXISTS $schema$.business_webhooks (
    event_id      text        PRIMARY KEY,
    type          text        NOT NULL,
    invoice_id    text        NOT NULL,
    customer_id   text        NOT NULL,
    payload       text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    status        text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts      integer     NOT NULL DEFAULT 0,
    last_attempt_at timestamptz NULL,
    last_status   integer     NULL,
    last_error    text        NULL,
    delivered_at  timestamptz NULL
);
CREATE INDEX IF NOT EXISTS business_webhooks_invoice ON $schema$.business_webhooks (invoice_id, created_at);
CREATE INDEX IF NOT EXISTS business_webhooks_recent ON $schema$.business_webhooks (created_at DESC);
