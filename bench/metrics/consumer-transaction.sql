-- pgbench script: the PaymentFailed consumer's transaction without .NET or RabbitMQ (inbox row + ledger upsert + trigger),
-- for the raw reference of bench/metrics/run.sh. Variable :round keeps the invoices of every round apart.
\set i random(1, 2000000000)
BEGIN;
INSERT INTO metrics.inbox (consumer, message_id) VALUES ('PaymentFailedConsumer', gen_random_uuid()) ON CONFLICT DO NOTHING;
INSERT INTO metrics.ledger AS l (invoice_id, customer_id, subscription_id, amount_minor, currency, first_decline_code, card_brand, failed_at, decline_seen_at)
VALUES ('in_pgbench_' || :round || '_' || :client_id || '_' || :i, 'cus_pgbench', 'sub_pgbench', 1000 + :i % 5000,
        (ARRAY['usd', 'eur', 'gbp'])[1 + :i % 3], 'insufficient_funds', 'visa', now() - (:i % 10000) * interval '1 minute',
        now() - (:i % 10000) * interval '1 minute')
ON CONFLICT (invoice_id) DO UPDATE SET
    failed_at = LEAST(l.failed_at, excluded.failed_at),
    subscription_id = coalesce(l.subscription_id, excluded.subscription_id),
    first_decline_code = CASE WHEN l.decline_seen_at IS NULL OR excluded.failed_at < l.decline_seen_at
                              THEN excluded.first_decline_code ELSE l.first_decline_code END,
    card_brand = CASE WHEN l.decline_seen_at IS NULL OR excluded.failed_at < l.decline_seen_at
                      THEN excluded.card_brand ELSE l.card_brand END,
    decline_seen_at = LEAST(l.decline_seen_at, excluded.failed_at);
END;
