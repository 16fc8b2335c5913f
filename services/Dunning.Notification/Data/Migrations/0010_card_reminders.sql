-- Expiring-card reminders: one row per customer, card and expiry (reminder_id), the proof the reminder went out, written in the
-- same transaction as its job's completion; replaced_at is set at the renewal when the card no longer expires before it.
CREATE TABLE IF NOT EXISTS $schema$.card_reminders (
    reminder_id       text        PRIMARY KEY,
    customer_id       text        NOT NULL,
    subscription_id   text        NOT NULL,
    payment_method_id text        NOT NULL,
    renews_at         timestamptz NOT NULL,
    message_id        text        NOT NULL,
    recipient         text        NOT NULL,
    locale            text        NOT NULL,
    sent_at           timestamptz NOT NULL,
    own_time_sent_at  timestamptz NOT NULL,
    maybe_sent        boolean     NOT NULL DEFAULT false,
    replaced_at       timestamptz NULL
);
CREATE INDEX IF NOT EXISTS card_reminders_customer ON $schema$.card_reminders (customer_id, sent_at);
