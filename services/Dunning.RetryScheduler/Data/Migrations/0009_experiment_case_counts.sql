-- An experiment's cases per arm, open and in all (GET /api/experiments): the per-arm report counts closed cases only, and the
-- ledger learns a case's arm when it closes, so the scheduler says how many are still open.
CREATE INDEX IF NOT EXISTS cases_experiment_arm ON $schema$.cases (experiment_id, arm, status) WHERE experiment_id IS NOT NULL;
