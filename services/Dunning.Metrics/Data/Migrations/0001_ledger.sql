-- One row per dunning case (one failed invoice).
CREATE TABLE metrics.ledger (
    invoice_id          text        PRIMARY KEY,
    customer_id         text        NOT NULL,
    subscription_id     text        NULL,
    amount_minor        bigint      NOT NULL,
    currency            text        NOT NULL,
    first_decline_code  text        NULL,
    card_brand          text        NULL,
    failed_at           timestamptz NOT NULL,
    closed_at           timestamptz NULL,
    outcome             text        NOT NULL DEFAULT 'open',
    recovery_method     text        NULL,
    loss_reason         text        NULL,
    recovered_attempt   int         NULL
);
CREATE INDEX ledger_failed_at ON metrics.ledger (currency, failed_at);
