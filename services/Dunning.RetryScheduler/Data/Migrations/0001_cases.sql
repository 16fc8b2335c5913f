-- One dunning case per failed invoice: open → recovered | lost.
CREATE TABLE IF NOT EXISTS $schema$.cases (
    id                  uuid        PRIMARY KEY,
    invoice_id          text        NOT NULL UNIQUE,
    customer_id         text        NOT NULL,
    subscription_id     text        NULL,
    amount_minor        bigint      NOT NULL,
    currency            text        NOT NULL,
    card_fingerprint    text        NULL,
    card_brand          text        NULL,
    time_zone           text        NULL,
    status              text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'recovered', 'lost')),
    attempts            int         NOT NULL DEFAULT 0,   -- scheduled retries made (the cap counts these)
    pay_calls           int         NOT NULL DEFAULT 0,   -- every pay call we made (idempotency key number)
    next_attempt_at     timestamptz NULL,
    next_attempt_rule   text        NULL,
    new_card_pending    boolean     NOT NULL DEFAULT false,
    last_pay_call_at    timestamptz NULL,
    paused              boolean     NOT NULL DEFAULT false,
    failed_at           timestamptz NOT NULL,
    opened_at           timestamptz NOT NULL DEFAULT now(),
    closed_at           timestamptz NULL,
    outcome             text        NULL                  -- RecoveryMethod or LossReason
);
CREATE INDEX IF NOT EXISTS cases_next_attempt ON $schema$.cases (next_attempt_at) WHERE status = 'open' AND NOT paused;
CREATE INDEX IF NOT EXISTS cases_customer_open ON $schema$.cases (customer_id) WHERE status = 'open';
CREATE INDEX IF NOT EXISTS cases_subscription_open ON $schema$.cases (subscription_id) WHERE status = 'open';

-- The case's timeline: every attempt and decision, with the rule that made it.
CREATE TABLE IF NOT EXISTS $schema$.case_events (
    id              bigserial   PRIMARY KEY,
    case_id         uuid        NOT NULL REFERENCES $schema$.cases (id),
    at              timestamptz NOT NULL,
    kind            text        NOT NULL,
    attempt_source  text        NULL,                     -- for attempts: Stripe | Scheduled | NewCard
    rule            text        NULL,
    detail          text        NULL,
    decline         jsonb       NULL
);
CREATE INDEX IF NOT EXISTS case_events_case ON $schema$.case_events (case_id, id);

-- Every attempt on a card, across invoices, Stripe's included: the network budgets count these.
CREATE TABLE IF NOT EXISTS $schema$.card_attempts (
    fingerprint     text        NOT NULL,
    at              timestamptz NOT NULL,
    case_id         uuid        NOT NULL,
    source          text        NOT NULL
);
CREATE INDEX IF NOT EXISTS card_attempts_fingerprint ON $schema$.card_attempts (fingerprint, at);

-- Invoices settled before (or without) a failure we saw: a late PaymentFailed must not reopen them.
CREATE TABLE IF NOT EXISTS $schema$.settled_invoices (
    invoice_id      text        PRIMARY KEY,
    outcome         text        NOT NULL,                 -- CustomerPaid | OutOfBand | InvoiceVoided | MarkedUncollectible
    at              timestamptz NOT NULL
);
