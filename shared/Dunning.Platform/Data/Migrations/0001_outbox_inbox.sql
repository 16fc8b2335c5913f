-- Transactional outbox: messages written in the caller's transaction, published by OutboxRelay.
CREATE TABLE IF NOT EXISTS $schema$.outbox (
    id            uuid        PRIMARY KEY,
    message_type  text        NOT NULL,
    body          jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    sent_at       timestamptz NULL,
    attempts      int         NOT NULL DEFAULT 0,
    last_error    text        NULL
);
CREATE INDEX IF NOT EXISTS outbox_unsent ON $schema$.outbox (created_at) WHERE sent_at IS NULL;

-- Inbox: one row per (consumer, message) handled, written in the same transaction as the effect.
CREATE TABLE IF NOT EXISTS $schema$.inbox (
    consumer      text        NOT NULL,
    message_id    uuid        NOT NULL,
    handled_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);
