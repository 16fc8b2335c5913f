-- Generates :rows ledger rows (3 currencies, 5 decline codes, 4 brands, every method and reason) failing over
-- :days days from :'start', and :rows/10 subscriptions, with the aggregate triggers off; then rebuilds every aggregate in one pass.
-- Usage: psql -v rows=10000000 -v start=2024-01-01 -v days=1000 -f seed.sql
\set ON_ERROR_STOP on
ALTER TABLE metrics.ledger DISABLE TRIGGER ledger_inserted;
INSERT INTO metrics.ledger (invoice_id, customer_id, subscription_id, amount_minor, currency, first_decline_code, card_brand,
                            failed_at, decline_seen_at, closed_at, outcome, recovery_method, loss_reason, recovered_attempt)
SELECT 'in_seed_' || g, 'cus_seed_' || g, 'sub_seed_' || (g % 100000), 500 + (g::bigint * 7919) % 20000,
       (ARRAY['usd', 'eur', 'gbp'])[1 + g % 3],
       (ARRAY['insufficient_funds', 'do_not_honor', 'expired_card', 'generic_decline', 'card_velocity_exceeded'])[1 + (g / 3) % 5],
       (ARRAY['visa', 'mastercard', 'amex', 'discover'])[1 + (g / 7) % 4],
       failed_at, failed_at,
       CASE WHEN outcome <> 'open' THEN failed_at + r * interval '21 days' END,
       outcome,
       CASE WHEN outcome = 'recovered' THEN (ARRAY['Retry', 'CardUpdated', 'CustomerPaid', 'OutOfBand'])[1 + (g / 11) % 4] END,
       CASE WHEN outcome = 'lost' THEN (ARRAY['RetriesExhausted', 'HardDecline', 'SubscriptionCanceled', 'InvoiceVoided', 'MarkedUncollectible'])[1 + (g / 13) % 5] END,
       CASE WHEN outcome = 'recovered' THEN 1 + (g / 17) % 4 END
FROM (
    SELECT g, random() AS r,
           :'start'::timestamptz + random() * :days * interval '1 day' AS failed_at,
           CASE WHEN g % 10 < 5 THEN 'recovered' WHEN g % 10 < 9 THEN 'lost' ELSE 'open' END AS outcome
    FROM generate_series(1, :rows) AS g
) AS s;
ALTER TABLE metrics.ledger ENABLE TRIGGER ledger_inserted;
ALTER TABLE metrics.subscriptions DISABLE TRIGGER subscription_inserted;

INSERT INTO metrics.subscriptions (subscription_id, customer_id, started_at, canceled_at, cancel_reason)
SELECT 'sub_seed_' || g, 'cus_seed_' || g, started_at,
       CASE WHEN g % 10 < 3 THEN started_at + random() * :days * interval '1 day' END,
       CASE WHEN g % 10 < 2 THEN 'payment_failed' WHEN g % 10 < 3 THEN 'cancellation_requested' END
FROM (SELECT g, :'start'::timestamptz - interval '60 days' + random() * (:days + 60) * interval '1 day' AS started_at
      FROM generate_series(1, GREATEST(:rows / 10, 1)) AS g) AS s;
ALTER TABLE metrics.subscriptions ENABLE TRIGGER subscription_inserted;

SELECT metrics.rebuild_rollup();
ANALYZE metrics.ledger;
ANALYZE metrics.daily_rollup;
ANALYZE metrics.subscriptions;
ANALYZE metrics.recovery_hours_daily;
ANALYZE metrics.recovery_hours_monthly;
ANALYZE metrics.subscription_days;
SELECT (SELECT count(*) FROM metrics.ledger) AS ledger_rows, (SELECT count(*) FROM metrics.daily_rollup) AS rollup_rows;
