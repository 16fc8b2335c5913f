-- The ops API's "next due attempts" over the cases table (GET /api/cases/due?limit=100).
SELECT id, invoice_id, next_attempt_at FROM scheduler.cases WHERE status = 'open' AND NOT paused AND next_attempt_at IS NOT NULL ORDER BY next_attempt_at LIMIT 100;
