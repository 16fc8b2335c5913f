-- Every operator action on a case through the ops API (pause, resume, retry now, close): which API key acted (its public id,
-- never the key), what it did, why, and when (wall time). Rows are only added, in the unit of work of the action itself.
CREATE TABLE IF NOT EXISTS $schema$.case_actions (
    id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id  uuid        NOT NULL REFERENCES $schema$.cases (id),
    action   text        NOT NULL,
    actor    text        NOT NULL,
    reason   text        NOT NULL,
    at       timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS case_actions_case ON $schema$.case_actions (case_id, id);

-- The console finds every case of a customer, closed ones too (cases_customer_open covers only open ones).
CREATE INDEX IF NOT EXISTS cases_customer ON $schema$.cases (customer_id, opened_at);
