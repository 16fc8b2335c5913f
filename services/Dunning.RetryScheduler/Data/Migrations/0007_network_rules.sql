-- Network rules as settings (docs/network-rules.md). What each attempt on a card needs for the rules that count it: Mastercard
-- counts per amount, and no attempt goes within 30 days of advice code 03 or 21; the card's brand picks the rules of the
-- compliance report. The source column already tells the customer's own attempts ('Customer') from the merchant's.
ALTER TABLE $schema$.card_attempts
    ADD COLUMN IF NOT EXISTS amount_minor bigint NULL,            -- null: unknown (counts with every amount)
    ADD COLUMN IF NOT EXISTS currency text NULL,
    ADD COLUMN IF NOT EXISTS network_advice_code text NULL,
    ADD COLUMN IF NOT EXISTS brand text NULL;

-- Earlier attempts: the amount of their case's invoice (a backup card paid that invoice too), the brand where the attempt was on
-- the case's own card, and a Mastercard "do not try again" advice from the attempt's timeline entry.
UPDATE $schema$.card_attempts a
SET amount_minor = c.amount_minor, currency = c.currency, brand = CASE WHEN c.card_fingerprint = a.fingerprint THEN c.card_brand END
FROM $schema$.cases c
WHERE c.id = a.case_id AND a.amount_minor IS NULL;

UPDATE $schema$.card_attempts a
SET network_advice_code = e.decline->>'networkAdviceCode'
FROM $schema$.case_events e
WHERE e.case_id = a.case_id AND e.at = a.at AND e.kind = 'attempt' AND e.decline->>'networkAdviceCode' IN ('03', '21');

-- The highest attempt_count Stripe reported for the case's invoice: a failure that does not raise it was a manual attempt.
ALTER TABLE $schema$.cases ADD COLUMN IF NOT EXISTS stripe_attempt_count int NOT NULL DEFAULT 0;
UPDATE $schema$.cases c
SET stripe_attempt_count = coalesce((
    SELECT max(substring(e.detail FROM 'Stripe attempt (\d+)')::int) FROM $schema$.case_events e
    WHERE e.case_id = c.id AND e.kind = 'attempt' AND e.attempt_source = 'Stripe'), 0)
WHERE c.status = 'open';

-- Attempts of ours a network rule held back, one row per rule it would have broken: postponed until held_until, or skipped
-- (null). The compliance report's fees avoided; an attempt held again keeps one row, with its latest outcome.
CREATE TABLE IF NOT EXISTS $schema$.card_holds (
    fingerprint  text        NOT NULL,
    case_id      uuid        NOT NULL,
    pay_call     int         NOT NULL,                         -- the case's pay call that was held
    rule         text        NOT NULL,                         -- NetworkRules' name, e.g. visa_merchant_initiated
    at           timestamptz NOT NULL,                         -- when it would have gone
    held_until   timestamptz NULL,
    PRIMARY KEY (case_id, pay_call, fingerprint, rule)
);
CREATE INDEX IF NOT EXISTS card_holds_fingerprint ON $schema$.card_holds (fingerprint, at);
