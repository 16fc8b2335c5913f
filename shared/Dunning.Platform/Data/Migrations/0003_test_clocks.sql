-- Stripe test clocks: the latest frozen time learnt from Stripe per clock. A due job on a clock (clock_id set) is due at
-- clock_due_at in that clock's time: its due_at stays 'infinity' until the clock reaches it, then becomes the wall time it did.
CREATE TABLE IF NOT EXISTS $schema$.test_clocks (
    clock_id      text        PRIMARY KEY,
    frozen_time   timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE $schema$.due_jobs ADD COLUMN IF NOT EXISTS clock_id text NULL;
ALTER TABLE $schema$.due_jobs ADD COLUMN IF NOT EXISTS clock_due_at timestamptz NULL;
CREATE INDEX IF NOT EXISTS due_jobs_clock ON $schema$.due_jobs (clock_id, clock_due_at) WHERE clock_id IS NOT NULL;
