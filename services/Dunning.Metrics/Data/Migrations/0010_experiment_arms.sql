-- Randomized experiments (issue 19): the arm each case ran in, from its close (PaymentRecovered / RevenueLost carry it), for the
-- per-arm report. Null outside experiments. The aggregates ignore it: the report reads the experiment's closed rows themselves.
ALTER TABLE $schema$.ledger
    ADD COLUMN experiment_id uuid NULL,
    ADD COLUMN arm text NULL,
    ADD COLUMN arm_control boolean NULL;
CREATE INDEX ledger_experiment ON $schema$.ledger (experiment_id, arm) WHERE experiment_id IS NOT NULL;
