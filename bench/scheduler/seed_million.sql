-- 1,000,000 open cases, each with its retry job; 50,000 of them already due, the rest spread over 14 days.
INSERT INTO scheduler.cases (id, invoice_id, customer_id, subscription_id, amount_minor, currency, card_fingerprint, card_brand,
                             status, attempts, next_attempt_at, next_attempt_rule, failed_at)
SELECT md5('case' || g)::uuid, 'in_bench_' || g, 'cus_' || (g % 400000), 'sub_' || g, 1999, 'usd', 'fp_' || (g % 600000), 'visa',
       'open', g % 8,
       CASE WHEN g <= 50000 THEN now() - interval '1 hour' + g * interval '1 millisecond'
            ELSE now() + (g % 1209600) * interval '1 second' END,
       'soft_default', now() - interval '2 days'
FROM generate_series(1, 1000000) g;
INSERT INTO scheduler.due_jobs (job_key, kind, payload, due_at)
SELECT 'retry:' || id, 'dunning-retry', jsonb_build_object('caseId', id), next_attempt_at FROM scheduler.cases;
VACUUM ANALYZE scheduler.cases;
VACUUM ANALYZE scheduler.due_jobs;
