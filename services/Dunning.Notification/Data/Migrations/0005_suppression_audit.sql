-- Every change to the suppression list: who suppressed or lifted an address ('customer link', or 'api key <id>' for support),
-- when and why. Rows are only added, in the same statement as the change they describe.
CREATE TABLE IF NOT EXISTS $schema$.suppression_audit (
    id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email   text        NOT NULL,
    action  text        NOT NULL CHECK (action IN ('suppressed', 'lifted')),
    actor   text        NOT NULL,
    reason  text        NOT NULL,
    at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS suppression_audit_email ON $schema$.suppression_audit (email, at);

-- Suppressions made before this table came from the customer's link, the only way there was.
INSERT INTO $schema$.suppression_audit (email, action, actor, reason, at)
SELECT email, 'suppressed', 'customer link', reason, created_at FROM $schema$.suppressions;
