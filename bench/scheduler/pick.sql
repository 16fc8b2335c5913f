-- The due-job claim exactly as Dunning.Platform's DueJobWorker runs it (batch 100, lease 2 min).
WITH due AS (
    SELECT job_key, due_at FROM scheduler.due_jobs
    WHERE due_at <= now() ORDER BY due_at LIMIT 100
    FOR UPDATE SKIP LOCKED)
UPDATE scheduler.due_jobs j SET due_at = now() + interval '2 minutes', attempts = j.attempts + 1
FROM due WHERE j.job_key = due.job_key
RETURNING j.job_key, j.kind, j.payload::text, due.due_at, j.attempts;
