-- Randomized experiments on live cases (issue 19): while one runs, each new case is assigned to an arm by ArmAssignment (a pure
-- function of the invoice id, the experiment id and the arms), and plans with that arm's retry policy for its whole life.
CREATE TABLE IF NOT EXISTS $schema$.experiments (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('running', 'frozen', 'stopped')),
    started_at  timestamptz NOT NULL,
    frozen_at   timestamptz NULL,
    stopped_at  timestamptz NULL
);
-- One running experiment at a time: a case is in at most one, and two starts racing cannot both win.
CREATE UNIQUE INDEX IF NOT EXISTS experiments_one_running ON $schema$.experiments ((true)) WHERE status = 'running';

-- The arms never change after the start: the assignment depends on their order (position) and weights.
CREATE TABLE IF NOT EXISTS $schema$.experiment_arms (
    experiment_id  uuid    NOT NULL REFERENCES $schema$.experiments (id),
    name           text    NOT NULL,
    position       int     NOT NULL,
    weight         int     NOT NULL CHECK (weight > 0),
    control        boolean NOT NULL,
    policy         jsonb   NOT NULL DEFAULT '{}',  -- RetryPolicy settings that differ from the configured ones, e.g. {"RetryOwner": "Stripe"}
    PRIMARY KEY (experiment_id, name),
    UNIQUE (experiment_id, position)
);

-- The case's arm, set when it opens (null: no experiment ran then); the case reads its arm's policy with its row.
ALTER TABLE $schema$.cases
    ADD COLUMN IF NOT EXISTS experiment_id uuid NULL,
    ADD COLUMN IF NOT EXISTS arm text NULL;
