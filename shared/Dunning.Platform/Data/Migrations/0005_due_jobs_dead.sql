-- A due job that can never succeed (a permanent failure, or DueJobs:MaxFailures runs in a row that failed) is dead: dead_at
-- set and due_at 'infinity', so it is never claimed, and kept with its last error and attempts until ops re-run it (rerun_*).
ALTER TABLE $schema$.due_jobs ADD COLUMN IF NOT EXISTS dead_at timestamptz NULL;
ALTER TABLE $schema$.due_jobs ADD COLUMN IF NOT EXISTS rerun_at timestamptz NULL;
ALTER TABLE $schema$.due_jobs ADD COLUMN IF NOT EXISTS rerun_reason text NULL;
CREATE INDEX IF NOT EXISTS due_jobs_dead ON $schema$.due_jobs (kind, dead_at) WHERE dead_at IS NOT NULL;
