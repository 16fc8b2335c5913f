-- Raw reference: the same 100 rows read by index, no lock, no lease update.
SELECT job_key, kind, payload::text, due_at, attempts FROM scheduler.due_jobs WHERE due_at <= now() ORDER BY due_at LIMIT 100;
