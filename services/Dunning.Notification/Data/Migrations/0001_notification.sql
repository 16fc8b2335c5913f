-- One row per invoice in dunning: what the emails need to know, and whether the case is still open.
CREATE TABLE IF NOT EXISTS $schema$.cases (
    invoice_id       text        PRIMARY KEY,
    customer_id      text        NOT NULL,
    subscription_id  text        NULL,
    email            text        NULL,
    locale           text        NULL,
    amount_minor     bigint      NOT NULL,
    currency         text        NOT NULL,
    hosted_url       text        NULL,
    decline_kind     text        NOT NULL DEFAULT 'Soft',
    status           text        NOT NULL DEFAULT 'Open',
    failed_at        timestamptz NULL,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS cases_subscription ON $schema$.cases (subscription_id);

-- Exactly one email per (invoice, step): written in the same transaction as the due job's completion.
CREATE TABLE IF NOT EXISTS $schema$.sent_emails (
    invoice_id   text        NOT NULL,
    step         text        NOT NULL,
    message_id   text        NOT NULL,
    recipient    text        NOT NULL,
    locale       text        NOT NULL,
    sent_at      timestamptz NOT NULL,
    PRIMARY KEY (invoice_id, step)
);

-- Addresses that asked for no more email (lower-cased).
CREATE TABLE IF NOT EXISTS $schema$.suppressions (
    email        text        PRIMARY KEY,
    reason       text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
