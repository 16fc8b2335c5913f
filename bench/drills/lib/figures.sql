-- Load figures for the events the webhook accepted since :'t0' (one line, '|'-separated):
-- events, intake span s, intake events/s, best 10 s intake events/s, metrics-handled messages, latency p50/p99 ms
-- (Stripe event accepted -> metrics consumer committed), PaymentFailed -> ledger row p50/p99 ms, drain span s, events/s drained.
WITH events AS (SELECT id, type, received_at FROM webhook.stripe_events WHERE received_at >= :'t0'),
span AS (SELECT count(*) AS n, min(received_at) AS first, max(received_at) AS last FROM events),
per10 AS (SELECT date_bin('10 seconds', received_at, (SELECT first FROM span)) AS b, count(*) AS n FROM events GROUP BY 1),
e2e AS (SELECT e.type, extract(epoch FROM i.handled_at - e.received_at) * 1000 AS ms, i.handled_at
        FROM metrics.inbox i
        JOIN webhook.outbox o ON o.id = i.message_id
        JOIN events e ON e.id = o.body ->> 'sourceEventId')
SELECT s.n,
       round(extract(epoch FROM s.last - s.first)::numeric, 1),
       round(s.n / greatest(extract(epoch FROM s.last - s.first), 1)::numeric, 1),
       round((SELECT max(n) FROM per10) / 10.0, 1),
       (SELECT count(*) FROM e2e),
       round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FROM e2e)::numeric, 0),
       round((SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) FROM e2e)::numeric, 0),
       round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FROM e2e WHERE type = 'invoice.payment_failed')::numeric, 0),
       round((SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) FROM e2e WHERE type = 'invoice.payment_failed')::numeric, 0),
       round(extract(epoch FROM greatest((SELECT max(handled_at) FROM e2e), s.last) - s.first)::numeric, 1),
       round(s.n / greatest(extract(epoch FROM greatest((SELECT max(handled_at) FROM e2e), s.last) - s.first), 1)::numeric, 1)
FROM span s;
